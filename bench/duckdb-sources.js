#!/usr/bin/env node
/**
 * source/parquet and source/sql at scale: a generated file of N rows (a minute timestamp and a
 * double) written by DuckDB as Parquet and as CSV, then each source's fingerprint (sha256 of the
 * bytes) and run (DuckDB query → Series) timed in this process, the median of --reps. --csv adds
 * source/csv on the same CSV for comparison (slow: it parses every cell in JavaScript).
 *
 *   npm run build && node bench/duckdb-sources.js [--rows 3000000] [--reps 3] [--csv]
 *
 * Writes bench/results/duckdb-sources.{md,json}.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';

const root = join(import.meta.dirname, '..');
const { csvSource, parquetSource, sqlSource } = await import(join(root, 'packages/stages/dist/index.js'));
const { testContext } = await import(join(root, 'packages/core/dist/index.js'));
const { values: opt } = parseArgs({ options: { rows: { type: 'string', default: '3000000' }, reps: { type: 'string', default: '3' }, csv: { type: 'boolean', default: false } } });
const rows = Number(opt.rows), reps = Number(opt.reps);
const load = loadavg().map((l) => l.toFixed(1)).join(' / ');

const dir = mkdtempSync(join(tmpdir(), 'seqpipe-duckdb-bench-'));
try {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const select = `SELECT TIMESTAMP '2000-01-01' + to_minutes(range) AS t, sin(range / 100) AS v FROM range(${rows})`;
  await connection.run(`COPY (${select}) TO '${join(dir, 'big.parquet')}' (FORMAT parquet)`);
  await connection.run(`COPY (${select}) TO '${join(dir, 'big.csv')}' (FORMAT csv)`);
  connection.closeSync();

  const cases = [
    ['source/parquet', parquetSource, { path: 'big.parquet', time: 't', missing: 'error' }, 'big.parquet'],
    ['source/sql over Parquet', sqlSource, { query: "SELECT t, v FROM 'big.parquet'", files: ['big.parquet'], time: 't', missing: 'error' }, 'big.parquet'],
    ['source/sql over CSV', sqlSource, { query: "SELECT t, v FROM read_csv('big.csv')", files: ['big.csv'], time: 't', missing: 'error' }, 'big.csv'],
    ...(opt.csv ? [['source/csv', csvSource, { path: 'big.csv', time: 't', missing: 'error', header: 'auto' }, 'big.csv']] : []),
  ];
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const results = [];
  for (const [name, stage, params, file] of cases) {
    const fingerprint = [], run = [];
    let length = 0;
    for (let r = 0; r < reps; r++) {
      const ctx = testContext('bench', 1, dir);
      const t0 = performance.now();
      const external = await stage.fingerprint(params, ctx);
      const t1 = performance.now();
      length = (await stage.run({ ...ctx, external }, {}, params)).length;
      fingerprint.push((t1 - t0) / 1000);
      run.push((performance.now() - t1) / 1000);
    }
    const row = { name, rows: length, megabytes: statSync(join(dir, file)).size / 1e6, fingerprint: median(fingerprint), run: median(run) };
    results.push(row);
    process.stderr.write(`${name}: fingerprint ${row.fingerprint.toFixed(2)} s, run ${row.run.toFixed(2)} s\n`);
  }
  const rss = process.resourceUsage().maxRSS / 1024;
  const md = [
    '# DuckDB sources: a generated file through source/parquet and source/sql',
    '',
    `Command: \`node bench/duckdb-sources.js --rows ${rows} --reps ${reps}${opt.csv ? ' --csv' : ''}\` — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${cpus().length} × ${cpus()[0]?.model.trim()}; Node ${process.version}; load average at start ${load}.`,
    `${rows} rows (a TIMESTAMP a minute apart, a DOUBLE) written by DuckDB; median of ${reps} in one process (DuckDB loaded by the first). "run" is the stage's run(): the query, the values as numbers, sorting/duplicate/irregular-spacing checks, and the re-hash against the key.`,
    '',
    '| source | file MB | fingerprint s | run s |',
    '| --- | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.name} | ${r.megabytes.toFixed(1)} | ${r.fingerprint.toFixed(2)} | ${r.run.toFixed(2)} |`),
    '',
    `Peak RSS of the process: ${Math.round(rss)} MB.`,
    '',
  ].join('\n');
  writeFileSync(join(root, 'bench/results/duckdb-sources.md'), md);
  writeFileSync(join(root, 'bench/results/duckdb-sources.json'), `${JSON.stringify({ rows, reps, load, results, peakRssMb: Math.round(rss) }, null, 2)}\n`);
  process.stdout.write(md);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
