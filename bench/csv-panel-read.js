#!/usr/bin/env node
/**
 * Reading a long-format panel CSV (`unique_id,ds,y`) with source/csv's `series:` against the same
 * rows read as one series (`t,v`, dated): what grouping by series costs. Generated, seeded files of
 * --rows rows (default 3,000,000) in --series series; each read a fresh process, median of --reps.
 *
 *   node bench/csv-panel-read.js [--rows 3000000] [--series 1000] [--reps 3] [--only one|grouped|interleaved]
 *
 * Needs `npm run build` (it imports packages/stages/dist). Prints a table; writes nothing else.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = join(import.meta.dirname, '..');
const { values: opt } = parseArgs({ options: { rows: { type: 'string', default: '3000000' }, series: { type: 'string', default: '1000' }, reps: { type: 'string', default: '3' }, only: { type: 'string' } } });
const rows = Number(opt.rows), series = Number(opt.series), reps = Number(opt.reps);
const per = Math.ceil(rows / series);
const dir = mkdtempSync(join(tmpdir(), 'seqpipe-panelread-'));
const pad = (n) => String(n).padStart(2, '0');
const minute = (i) => {
  const d = new Date(Date.UTC(2000, 0, 1) + i * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`;
};

async function write(file, header, line) {
  const out = createWriteStream(file);
  out.write(header);
  let s = 12345, chunk = '';
  for (let i = 0; i < rows; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    chunk += line(i, (Math.sin(i / 50) + (s / 2 ** 32 - 0.5) * 0.1).toFixed(6));
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const all = [
  { key: 'one', name: 'one series (t,v dated)', file: join(dir, 'one.csv'), header: 't,v\n', line: (i, v) => `${minute(i)},${v}\n`, params: { time: 't' } },
  { key: 'grouped', name: `panel grouped (${series} ids)`, file: join(dir, 'grouped.csv'), header: 'unique_id,ds,y\n', line: (i, v) => `S${Math.floor(i / per)},${minute(i % per)},${v}\n`, params: { time: 'ds', series: 'unique_id' } },
  { key: 'interleaved', name: `panel interleaved (${series} ids)`, file: join(dir, 'mixed.csv'), header: 'unique_id,ds,y\n', line: (i, v) => `S${i % series},${minute(Math.floor(i / series))},${v}\n`, params: { time: 'ds', series: 'unique_id' } },
];
const variants = all.filter((v) => !opt.only || v.key === opt.only);
for (const v of variants) await write(v.file, v.header, v.line);

const SEQPIPE = `
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readCsvSeries } from ${JSON.stringify(join(root, 'packages/stages/dist/index.js'))};
const [file, params] = [process.argv[1], JSON.parse(process.argv[2])];
const sha256 = 'sha256:' + createHash('sha256').update(readFileSync(file)).digest('hex');
const t0 = performance.now();
const s = await readCsvSeries(file, { path: file, ...params }, { sha256 });
console.log(JSON.stringify({ read: (performance.now() - t0) / 1000, length: s.length, series: s.ids?.length ?? 1 }));
`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
console.log(`| file (${rows.toLocaleString('en')} rows) | series | median s | runs |\n| --- | ---: | ---: | --- |`);
for (const v of variants) {
  const runs = [];
  let last;
  for (let r = 0; r < reps; r++) {
    const p = spawnSync(process.execPath, ['--input-type=module', '-e', SEQPIPE, v.file, JSON.stringify(v.params)], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(p.stderr);
    last = JSON.parse(p.stdout.trim());
    runs.push(last.read);
  }
  console.log(`| ${v.name} | ${last.series} | ${median(runs).toFixed(2)} | ${runs.map((x) => x.toFixed(2)).join(' ')} |`);
}
rmSync(dir, { recursive: true, force: true });
