#!/usr/bin/env node
/**
 * The data path at scale: a generated 1-million-row CSV through source/csv → scaler/minmax →
 * windower/sliding (lookback 64), against pandas read_csv + numpy sliding_window_view in the same
 * run, each a whole process, alternated. Reports wall seconds and peak RSS (/usr/bin/time).
 *
 *   node bench/data-path.js [--rows 1000000] [--reps 3]
 *
 * Python (bench/keras/.venv with pandas) is used here only. Writes bench/results/data-path.{md,json}.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { once } from 'node:events';

const root = join(import.meta.dirname, '..');
const PY = join(root, 'bench/keras/.venv/bin/python');
const { values: opt } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, reps: { type: 'string', default: '3' } } });
const rows = Number(opt.rows), reps = Number(opt.reps), lookback = 64;
if (!existsSync('/usr/bin/time')) throw new Error('needs /usr/bin/time for peak RSS (Debian: apt-get install time)');
if (!existsSync(PY)) throw new Error('needs bench/keras/.venv (bash bench/keras/setup.sh)');

const dir = mkdtempSync(join(tmpdir(), 'seqpipe-datapath-'));
const csv = join(dir, 'series.csv');

// A noisy sine with an index column, from a seeded LCG: the same bytes every run.
async function writeCsv() {
  const out = createWriteStream(csv);
  out.write('index,value\n');
  let s = 12345, chunk = '';
  for (let i = 0; i < rows; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    chunk += `${i},${(Math.sin(i / 50) + (s / 2 ** 32 - 0.5) * 0.1).toFixed(6)}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
await writeCsv();

const pipeline = join(dir, 'data-path.yaml');
writeFileSync(pipeline, `name: data-path
seed: 1
stages:
  series:  { uses: source/csv, with: { path: series.csv, columns: [value] } }
  scaled:  { uses: scaler/minmax, from: series, with: { range: [0, 1], fitFraction: 1 } }
  windows: { uses: windower/sliding, from: scaled, with: { lookback: ${lookback}, horizon: 1, dropLast: true } }
`);

const PANDAS = `
import sys, time, json
t0 = time.perf_counter()
import numpy as np, pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
t1 = time.perf_counter()
values = pd.read_csv(sys.argv[1], usecols=["value"])["value"].to_numpy(np.float64)
t2 = time.perf_counter()
lo, hi = values.min(), values.max()
scaled = (values - lo) / (hi - lo)
L = ${lookback}
# Like windower/sliding with dropLast: windows of L rows -> the next row; materialized as float32.
x = np.ascontiguousarray(sliding_window_view(scaled[:-1], L)[: len(scaled) - L - 1], dtype=np.float32)
y = scaled[L : len(scaled) - 1].astype(np.float32)
t3 = time.perf_counter()
print(json.dumps({"windows": int(x.shape[0]), "import": t1 - t0, "read": t2 - t1, "scale_window": t3 - t2,
                  "numpy": np.__version__, "pandas": pd.__version__}))
`;

function timed(cmd, args) {
  const rss = join(dir, 'rss');
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rss, cmd, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return { stdout: r.stdout, wall, rssMb: Number(readFileSync(rss, 'utf8').trim().split('\n').pop()) / 1024 };
}

const runners = {
  seqpipe() {
    const state = join(dir, 'state');
    const r = timed(process.execPath, [join(root, 'packages/cli/bin/seqpipe.js'), 'run', pipeline, '--no-cache', '--state-dir', state, '--json']);
    rmSync(state, { recursive: true, force: true });
    const out = JSON.parse(r.stdout);
    const stage = Object.fromEntries(out.stages.map((s) => [s.id, s.seconds]));
    return { wall: r.wall, rssMb: r.rssMb, parts: stage };
  },
  pandas() {
    const r = timed(PY, ['-c', PANDAS, csv]);
    const out = JSON.parse(r.stdout.trim());
    return { wall: r.wall, rssMb: r.rssMb, parts: { import: out.import, read: out.read, scale_window: out.scale_window }, windows: out.windows, versions: `pandas ${out.pandas}, numpy ${out.numpy}` };
  },
};

const started = new Date();
const load = loadavg().map((x) => x.toFixed(1));
const results = [];
for (let rep = 1; rep <= reps; rep++) {
  for (const name of rep % 2 ? ['seqpipe', 'pandas'] : ['pandas', 'seqpipe']) {
    const r = runners[name]();
    results.push({ runner: name, rep, ...r });
    console.error(`rep ${rep} ${name.padEnd(8)} wall ${r.wall.toFixed(2)}s  rss ${r.rssMb.toFixed(0)} MB  ${JSON.stringify(r.parts)}`);
  }
}
const csvMb = statSync(csv).size / 1e6;
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const summary = ['seqpipe', 'pandas'].map((runner) => {
  const rs = results.filter((r) => r.runner === runner);
  const parts = Object.fromEntries(Object.keys(rs[0].parts).map((k) => [k, median(rs.map((r) => r.parts[k]))]));
  return { runner, wall: median(rs.map((r) => r.wall)), rssMb: median(rs.map((r) => r.rssMb)), parts };
});
const command = `node bench/data-path.js${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
const versions = results.find((r) => r.versions)?.versions;
const meta = { command, date: started.toISOString(), rows, csvMb: Number(csvMb.toFixed(1)), lookback, reps, cpus: `${cpus().length} × ${cpus()[0]?.model}`, node: process.version, python: versions, loadAverageAtStart: load };
writeFileSync(join(root, 'bench/results/data-path.json'), `${JSON.stringify({ ...meta, summary, results }, null, 2)}\n`);
const fmt = (parts) => Object.entries(parts).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
const md = [
  `# Data path: ${rows.toLocaleString('en')}-row CSV → scaler → windows`, '',
  `Command: \`${command}\` — ${meta.date.slice(0, 16).replace('T', ' ')} UTC; ${meta.cpus}; Node ${meta.node}; ${versions}; load average at start ${load.join(' / ')}.`,
  `A generated ${rows}-row CSV (${meta.csvMb} MB, index + value) → min-max scaling → windows of ${lookback} rows → the next row (${rows - lookback - 1} windows, float32). Median of ${reps} whole processes each, alternated; peak RSS from /usr/bin/time.`,
  'seqpipe: `seqpipe run --no-cache` of source/csv → scaler/minmax → windower/sliding (streams the CSV with csv-parse, stores each artifact in the content store with its sha256). pandas: `read_csv(usecols=["value"])`, the same scaling, `sliding_window_view` materialized (`np.ascontiguousarray`, as a training input needs).',
  '',
  '| runner | wall s | peak RSS MB | parts (s) |',
  '| --- | ---: | ---: | --- |',
  ...summary.map((s) => `| ${s.runner} | ${s.wall.toFixed(2)} | ${s.rssMb.toFixed(0)} | ${fmt(s.parts)} |`),
  '',
].join('\n');
writeFileSync(join(root, 'bench/results/data-path.md'), md);
process.stdout.write(md);
