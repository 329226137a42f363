#!/usr/bin/env node
/**
 * Checks evaluator/regression's interval metrics against the M4's published interval scores: the
 * Naive benchmark's 95% intervals, built as R's forecast::naive builds them (ŷ ± 1.96·σ·√h, σ² the
 * mean squared one-step change of the training series), scored by @seqpipe/stages' `msis`
 * (period 24 scale) and `coverage`/`acd` on all 414 M4 Hourly series, beside the organisers'
 * Hourly row (bench/m4-published.json `hourlyIntervals`: MSIS 71.245, ACD 0.011). The repository
 * has the intervals' files but no code computing MSIS or ACD, so this is the check of the formulas.
 *
 *   scripts/fetch-m4.sh && npm run build && node bench/m4-naive-intervals.js [DATA_DIR]   # DATA_DIR defaults to data/m4
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acd, coverage, msis } from '@seqpipe/stages';

const root = join(import.meta.dirname, '..');
const dataDir = process.argv[2] ?? join(root, 'data/m4');
const published = JSON.parse(readFileSync(join(root, 'bench/m4-published.json'), 'utf8')).hourlyIntervals.scores.Naive.Hourly;
const PERIOD = 24;
const Z95 = 1.959963984540054;

function readWide(file) {
  if (!existsSync(file)) throw new Error(`${file} is missing: run scripts/fetch-m4.sh (or pass the folder holding the M4 CSVs)`);
  return readFileSync(file, 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split(',').slice(1).map((c) => c.replace(/"/g, '')).filter((c) => c !== '' && c !== 'NA').map(Number));
}

const train = readWide(join(dataDir, 'Hourly-train.csv'));
const test = readWide(join(dataDir, 'Hourly-test.csv'));
let sum = 0;
const lower = [], upper = [], actual = [];
train.forEach((y, s) => {
  const changes = y.slice(1).map((v, t) => v - y[t]);
  const sigma = Math.sqrt(changes.reduce((a, d) => a + d * d, 0) / changes.length);
  const lo = test[s].map((_, h) => y.at(-1) - Z95 * sigma * Math.sqrt(h + 1));
  const up = test[s].map((_, h) => y.at(-1) + Z95 * sigma * Math.sqrt(h + 1));
  let scale = 0;
  for (let t = PERIOD; t < y.length; t++) scale += Math.abs(y[t] - y[t - PERIOD]);
  sum += msis(lo, up, test[s], [scale / (y.length - PERIOD)]);
  lower.push(...lo); upper.push(...up); actual.push(...test[s]);
});
const cov = coverage(lower, upper, actual);
const ours = { msis: sum / train.length, coverage: cov, acd: acd(cov, 95) };
console.log(`M4 Hourly Naive 95% intervals, ${train.length} series: MSIS ${ours.msis.toFixed(3)} (published ${published.msis.value}), coverage ${ours.coverage.toFixed(4)}, ACD ${ours.acd.toFixed(3)} (published ${published.acd.value})`);
