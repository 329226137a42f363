#!/usr/bin/env node
/**
 * The panel at scale: a synthetic panel of SERIES series × ROWS rows (default 100,000 × 200 = 20M
 * rows) in long CSV (series,t,y), run through source/csv (series:) → scaler/minmax (per series,
 * fitted before the held-out rows) → windower/sliding → splitter/holdout (test = horizon) →
 * baseline/naive and baseline/seasonal → evaluator/regression (per-series sMAPE/MASE, panel means).
 * Records wall time and the peak RSS of the seqpipe process (/usr/bin/time -v when present, else
 * nothing), into bench/results/panel-scale.md. The file has no time column: rows are in time order
 * within each series (file order is kept).
 *
 *   node bench/panel-scale.js [SERIES] [ROWS]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const series = Number(process.argv[2] ?? 100_000);
const rows = Number(process.argv[3] ?? 200);
const work = mkdtempSync(join(tmpdir(), 'seqpipe-panel-'));
const csv = join(work, 'panel.csv');

/** Deterministic: a daily-seasonal level per series with a seeded LCG for noise. */
async function writePanel() {
  const out = createWriteStream(csv);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  await write('series,t,y\n');
  let state = 12345;
  const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let s = 0; s < series; s++) {
    const level = 100 + 900 * rand();
    const amp = 0.1 + 0.3 * rand();
    let chunk = '';
    for (let t = 0; t < rows; t++) {
      const v = level * (1 + amp * Math.sin((2 * Math.PI * t) / 24)) + 5 * (rand() - 0.5);
      chunk += `S${s},${t + 1},${v.toFixed(3)}\n`;
    }
    await write(chunk);
  }
  await new Promise((r) => out.end(r));
}

const pipeline = `name: panel-scale
seed: 1
stages:
  series: { uses: source/csv, with: { path: panel.csv, series: series, columns: [y] } }
  scaled: { uses: scaler/minmax, from: series }
  windows: { uses: windower/sliding, from: scaled, with: { lookback: 24, horizon: 24 } }
  split: { uses: splitter/holdout, from: windows, with: { test: 24 } }
  naive: { uses: baseline/naive, from: split }
  snaive: { uses: baseline/seasonal, from: split, with: { period: 24 } }
  naive_test: { uses: evaluator/regression, from: { model: naive, data: split }, with: { period: 24, metrics: [smape, mase, mae] } }
  snaive_test: { uses: evaluator/regression, from: { model: snaive, data: split, baseline: naive }, with: { period: 24, metrics: [smape, mase, mae] } }
`;

const started = performance.now();
await writePanel();
const writeSeconds = (performance.now() - started) / 1000;
writeFileSync(join(work, 'panel.yaml'), pipeline);
const bin = join(root, 'packages/cli/bin/seqpipe.js');
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const args = ['run', join(work, 'panel.yaml'), '--json', '--state-dir', join(work, 'state')];
// 20M rows of long CSV are ~400 MB, past source/csv's default 256 MiB limit.
const env = { ...process.env, SEQPIPE_CSV_MAX_BYTES: String(4 * 2 ** 30) };
const t0 = performance.now();
const r = timeBin
  ? spawnSync(timeBin, ['-v', process.execPath, bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env })
  : spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env });
const seconds = (performance.now() - t0) / 1000;
const peak = timeBin ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024 : NaN;
if (r.status !== 0) {
  console.error(r.stdout.slice(-3000), r.stderr.slice(0, 3000));
  process.exit(1);
}
const out = JSON.parse(r.stdout);
const stages = out.stages.map((s) => `| ${s.id} | ${s.uses} | ${s.seconds.toFixed(2)} |`).join('\n');
const m = out.metrics;
const csvMB = statSync(csv).size / 1e6;
const report = `# A 20M-row panel: time and peak memory

\`node bench/panel-scale.js ${series} ${rows}\` on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${new Date().toISOString().slice(0, 10)}.

A synthetic panel of ${series.toLocaleString('en')} series × ${rows} rows (${(series * rows).toLocaleString('en')} rows, ${csvMB.toFixed(0)} MB of long CSV,
written in ${writeSeconds.toFixed(1)} s) through source/csv (\`series:\`) → scaler/minmax (per series) → windower/sliding
(lookback 24, horizon 24) → splitter/holdout (test 24) → baseline/naive and baseline/seasonal (period 24) →
evaluator/regression (per-series sMAPE, MASE; panel means).

| measure | value |
| --- | --- |
| wall time of \`seqpipe run\` (cold cache) | ${seconds.toFixed(1)} s |
| peak RSS of the seqpipe process | ${Number.isFinite(peak) ? `${peak.toFixed(0)} MiB` : 'not measured (/usr/bin/time missing)'} |
| naive sMAPE / MASE (panel means) | ${m.naive_test.smape?.toFixed(3)} / ${m.naive_test.mase?.toFixed(3)} |
| seasonal naive sMAPE / MASE | ${m.snaive_test.smape?.toFixed(3)} / ${m.snaive_test.mase?.toFixed(3)} |

Per stage (seconds, from the run record):

| stage | uses | seconds |
| --- | --- | --- |
${stages}
`;
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/panel-scale.md'), report);
console.log(report);
rmSync(work, { recursive: true, force: true });

