#!/usr/bin/env node
/**
 * 95% split-conformal intervals on M4 Hourly (414 series, horizon 48, period 24) beside the M4's
 * published interval rows (bench/m4-published.json `hourlyIntervals`). Protocol: splitter/holdout
 * keeps the last 48 rows of each series as the test and the 48 before them as validation; each
 * benchmark forecasts the validation rows from the origin before them, and interval/conformal pools
 * those residuals over series (one window per series; each series' residuals in units of its
 * seasonal-naive in-sample MAE, the MSIS scale) per horizon step. The test rows are scored once.
 *
 *   scripts/fetch-m4.sh && node scripts/m4/to-panel.mjs Hourly && npm run build && node bench/m4-hourly-intervals.js
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const root = join(import.meta.dirname, '..');
const published = JSON.parse(readFileSync(join(root, 'bench/m4-published.json'), 'utf8')).hourlyIntervals;
const METHODS = { naive: { uses: 'baseline/naive' }, snaive: { uses: 'baseline/seasonal', with: { period: 24 } }, theta: { uses: 'baseline/theta', with: { period: 24 } }, comb: { uses: 'baseline/comb', with: { period: 24 } } };
const stages = {
  series: { uses: 'source/csv', with: { path: join(root, 'data/m4/hourly-panel.csv'), series: 'series', columns: ['y'] } },
  windows: { uses: 'windower/sliding', from: 'series', with: { lookback: 24, horizon: 48, dropLast: false } },
  split: { uses: 'splitter/holdout', from: 'windows', with: { test: 48, validation: 48 } },
};
for (const [m, s] of Object.entries(METHODS)) {
  stages[m] = { ...s, from: 'split' };
  stages[`${m}_pi`] = { uses: 'interval/conformal', from: { model: m, data: 'split' }, with: { levels: [95], period: 24 } };
  stages[`${m}_test`] = { uses: 'evaluator/regression', from: { model: `${m}_pi`, data: 'split' }, with: { period: 24, metrics: ['smape', 'mase'] } };
}
const state = mkdtempSync(join(tmpdir(), 'seqpipe-bench-'));
const file = join(state, 'm4-hourly-intervals.yaml');
writeFileSync(file, stringify({ name: 'm4-hourly-intervals', seed: 1, stages }));
const r = spawnSync(process.execPath, [join(root, 'packages/cli/bin/seqpipe.js'), 'run', file, '--state-dir', state, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
rmSync(state, { recursive: true, force: true });
if (r.status !== 0) throw new Error(`the run exited ${r.status}: ${r.stderr.slice(-2000)}`);
const { metrics, seconds } = JSON.parse(r.stdout);

const f3 = (x) => (x === undefined ? '—' : x.toFixed(3));
const md = [
  '# M4 Hourly: 95% conformal intervals beside the published interval rows', '',
  `Command: \`node bench/m4-hourly-intervals.js\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}; the run took ${seconds.toFixed(1)} s.`,
  'Protocol: the last 48 rows of each of the 414 series are the test, scored once; the 48 before them are the calibration part (`splitter/holdout` test 48, validation 48). `interval/conformal` (level 95, scope pooled, period 24) pools the 414 validation residuals of each horizon step, each divided by its series\' seasonal-naive in-sample MAE, and multiplies the quantile (rank ⌈415·0.95⌉ = 395 of 414) back by each series\' scale. MSIS is the mean over series of the mean interval score / that scale; ACD is |coverage over all 19,872 test points − 0.95|.', '',
  '| method | sMAPE | MASE | coverage_95 | MSIS | ACD |',
  '| --- | --- | --- | --- | --- | --- |',
  ...Object.keys(METHODS).map((m) => { const v = metrics[`${m}_test`]; return `| ${m} + conformal (ours) | ${f3(v.smape)} | ${f3(v.mase)} | ${(100 * v.coverage_95).toFixed(1)}% | ${f3(v.msis)} | ${f3(v.acd)} |`; }),
  ...Object.entries(published.scores).map(([name, s]) => `| ${name} (published) | | | | ${f3(s.Hourly.msis.value)} | ${f3(s.Hourly.acd.value)} |`),
  '',
  `Published rows: ${published.source}`,
  'Our MSIS and ACD formulas reproduce the published Naive row from the M4 files (bench/m4-naive-intervals.js: MSIS 71.245, ACD 0.011); the published Naive intervals are parametric (ŷ ± 1.96·σ·√h), ours here are conformal around the same point forecast.',
  '',
];
writeFileSync(join(root, 'bench/results/m4-hourly-intervals.md'), md.join('\n'));
process.stdout.write(md.join('\n'));
