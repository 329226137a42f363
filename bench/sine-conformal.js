#!/usr/bin/env node
/**
 * The 95% conformal interval on the tutorial's sine (issue 16, "done means" 2): pipelines/<name>.yaml
 * (default sine-rnn, the tutorial) with a validation part carved from the end of its training
 * fraction (train 0.7, validation 0.1: the test part stays the last 20%), interval/conformal around
 * the trained network calibrated on the validation residuals, and evaluator/regression on the test
 * part. Runs seeds 1..N with --no-cache and writes bench/results/sine-conformal.{json,md}.
 *
 *   npm run build && node bench/sine-conformal.js [pipeline-name=sine-rnn] [seeds=5] [train=0.7] [validation=0.1]
 *
 * Target: test coverage_95 within 93–97% for every seed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const root = join(import.meta.dirname, '..');
const name = process.argv[2] ?? 'sine-rnn';
const seeds = Number(process.argv[3] ?? 5);
// Calibration parts to compare: [train, validation] fractions; the test part is the last 20% in each.
const configs = process.argv[4] ? [[Number(process.argv[4]), Number(process.argv[5] ?? 0.1)]] : [[0.6, 0.2], [0.7, 0.1]];
const bin = join(root, 'packages/cli/bin/seqpipe.js');
const pct = (x) => `${(100 * x).toFixed(1)}%`;
// The tutorial's sine: 1000 points over [0, 100], so one period is 2π / (100 / 999) rows.
const PERIOD_ROWS = (2 * Math.PI * 999) / 100;

function measure([trainFraction, validation]) {
  const state = mkdtempSync(join(tmpdir(), 'seqpipe-bench-'));
  // The tutorial, plus the calibration part and the interval stages.
  const pipeline = parse(readFileSync(join(root, `pipelines/${name}.yaml`), 'utf8'));
  pipeline.name = `${name}-conformal`;
  pipeline.stages.split.with = { ...pipeline.stages.split.with, train: trainFraction, validation };
  pipeline.stages.conformal = { uses: 'interval/conformal', from: { model: 'train', data: 'split' }, with: { levels: [80, 95] } };
  pipeline.stages.conformal_test = { uses: 'evaluator/regression', from: { model: 'conformal', data: 'split' } };
  pipeline.stages.conformal_validation = { uses: 'evaluator/regression', from: { model: 'conformal', data: 'split' }, with: { part: 'validation' } };
  const file = join(state, `${name}-conformal.yaml`);
  writeFileSync(file, stringify(pipeline));
  const rows = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const r = spawnSync(process.execPath, [bin, 'run', file, '--seed', String(seed), '--state-dir', state, '--json', '--no-cache'],
      { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`seed ${seed} exited ${r.status}: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    const t = out.metrics.conformal_test;
    const v = out.metrics.conformal_validation;
    const summary = JSON.parse(readFileSync(join(out.runDir, 'models/conformal/conformal.json'), 'utf8')).summary.conformal;
    rows.push({
      seed, coverage95: t.coverage_95, coverage80: t.coverage_80, msis: t.msis, acd: t.acd, pinball: t.pinball, maeOriginal: t.mae_original,
      halfWidth95: summary.halfWidths['95'][0], halfWidth80: summary.halfWidths['80'][0], calibration: summary.windows, validationCoverage95: v.coverage_95, validationMae: v.mae_original,
    });
    process.stderr.write(`seed ${seed}: test coverage_95 ${t.coverage_95.toFixed(4)} coverage_80 ${t.coverage_80.toFixed(4)} half-width95 ${summary.halfWidths['95'][0].toExponential(3)} mae ${t.mae_original.toExponential(3)}\n`);
  }
  rmSync(state, { recursive: true, force: true });
  const inBand = rows.filter((r) => r.coverage95 >= 0.93 && r.coverage95 <= 0.97).length;
  const mean = (k) => rows.reduce((a, r) => a + r[k], 0) / rows.length;
  const result = { split: { train: trainFraction, validation }, calibration: rows[0].calibration, rows, inBand, meanCoverage95: mean('coverage95'), meanCoverage80: mean('coverage80') };
  const md = [
    `## split: { train: ${trainFraction}, validation: ${validation} } — ${rows[0].calibration} calibration windows (${(rows[0].calibration / PERIOD_ROWS).toFixed(2)} periods of the sine)`, '',
    '| seed | test coverage_95 | test coverage_80 | half-width 95 | half-width 80 | test MAE | MSIS | ACD | pinball | validation MAE | validation coverage_95 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.seed} | ${pct(r.coverage95)} | ${pct(r.coverage80)} | ${r.halfWidth95.toExponential(3)} | ${r.halfWidth80.toExponential(3)} | ${r.maeOriginal.toExponential(3)} | ${r.msis.toFixed(3)} | ${r.acd.toFixed(3)} | ${r.pinball.toExponential(3)} | ${r.validationMae.toExponential(3)} | ${pct(r.validationCoverage95)} |`),
    '',
    `${inBand} of ${rows.length} seeds within the 93–97% target; mean test coverage_95 ${pct(result.meanCoverage95)}, mean coverage_80 ${pct(result.meanCoverage80)}.`,
    '',
  ];
  return { result, md };
}

const date = new Date().toISOString();
const measured = configs.map(measure);
writeFileSync(join(root, 'bench/results/sine-conformal.json'), `${JSON.stringify({ pipeline: name, date, node: process.version, configs: measured.map((m) => m.result) }, null, 2)}\n`);
const md = [
  `# ${name} with a 95% conformal interval: ${seeds} seeds`, '',
  `Command: \`node bench/sine-conformal.js ${process.argv.slice(2).join(' ') || `${name} ${seeds}`}\` on ${date.slice(0, 10)}, Node ${process.version}, 1-minute load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores.`,
  `Pipeline: pipelines/${name}.yaml with a validation part cut from its training fraction (the test part stays the last 20%: 199 windows), \`interval/conformal\` (levels 80, 95; part validation; scope pooled, one series) around \`train\`, \`evaluator/regression\` on test and validation. Each seed runs with --no-cache.`,
  'The 95% half-width is the ⌈(n + 1)·0.95⌉-th smallest of the n validation residuals |y − ŷ| in original units (one horizon step).', '',
  ...measured.flatMap((m) => m.md),
  '## Why the calibration part matters here', '',
  'Split conformal promises coverage ≥ 95% (about ⌈(n + 1)·0.95⌉/(n + 1) on average: 95.5% for n = 197, 96.0% for n = 98) only for test points exchangeable with the calibration ones. The residuals of a network on a noiseless sine are not noise: they depend on where in the period a window is and on how far it is from the training rows. Where the validation MAE is well above the test MAE (compare the two MAE columns), the calibration residuals are larger than the test ones and the interval over-covers; where it is below, it under-covers. A validation part of 98 windows spans about one and a half periods, so which phases it over-represents, and how badly the network fits them, varies by seed; one of about three whole periods averages that out, and every seed lands in the band. The phase explanation is our reading of the numbers, not a separate experiment. Test coverage is read on 199 windows, so it moves in steps of 0.5%.',
  '',
];
writeFileSync(join(root, 'bench/results/sine-conformal.md'), md.join('\n'));
process.stdout.write(md.join('\n'));
