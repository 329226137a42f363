#!/usr/bin/env node
/**
 * Quantile regression (trainer/tfjs loss: quantile) on a noisy sine: y = sin(i/10) + N(0, 0.2²)
 * (1000 days, seeded noise), a 16-unit GRU with quantiles [0.025, 0.1, 0.5, 0.9, 0.975]; per seed
 * the test part's coverage and mean width of the 80% and 95% intervals (ideal widths with the
 * true noise: 0.513 and 0.784), read from the stored forecaster through the package API.
 *
 *   node bench/quantile-coverage.js [epochs=30] [seeds=5]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromBytes, gatherY, splitCodec, toOriginal } from '../packages/core/dist/index.js';
import { fusedForecasterCodec } from '../packages/kernels/dist/index.js';

const root = join(import.meta.dirname, '..');
const epochs = Number(process.argv[2] ?? 30);
const seeds = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'seqpipe-quantile-'));
const state = join(dir, 'state');

// Seeded normal noise (LCG + Box-Muller): the data are the same on every machine.
let s = 12345;
const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
const rows = ['t,y'];
for (let i = 0; i < 1000; i++) {
  const z = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  rows.push(`${new Date(Date.UTC(2000, 0, 1 + i)).toISOString().slice(0, 10)},${(Math.sin(i / 10) + 0.2 * z).toFixed(6)}`);
}
writeFileSync(join(dir, 'noisy.csv'), `${rows.join('\n')}\n`);
const stages = {
  series: { uses: 'source/csv', with: { path: 'noisy.csv', time: 't' } },
  scaled: { uses: 'scaler/minmax', from: 'series' },
  windows: { uses: 'windower/sliding', from: 'scaled', with: { lookback: 10, horizon: 1 } },
  split: { uses: 'splitter/ratio', from: 'windows', with: { train: 0.7, validation: 0.1 } },
  model: { uses: 'model/rnn', with: { layers: [{ cell: 'gru', units: 16 }] } },
  train: {
    uses: 'trainer/tfjs', from: { model: 'model', data: 'split' },
    with: { learningRate: 0.01, epochs, batchSize: 16, loss: 'quantile', quantiles: [0.025, 0.1, 0.5, 0.9, 0.975] },
  },
  test: { uses: 'evaluator/regression', from: { model: 'train', data: 'split' } },
};
const file = join(dir, 'noisy-quantile.yaml');
writeFileSync(file, JSON.stringify({ name: 'noisy-quantile', seed: 1, stages }, null, 2));

function stored(runDir, id) {
  const digest = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')).stages.find((x) => x.id === id).digest;
  return fromBytes(readFileSync(join(state, 'objects', digest.slice(0, 2), digest)));
}

console.log(`| seed | MASE | 80% coverage | 80% width | 95% coverage | 95% width |\n|---|---|---|---|---|---|`);
try {
  for (let seed = 1; seed <= seeds; seed++) {
    const r = spawnSync(process.execPath, [join(root, 'packages/cli/bin/seqpipe.js'), 'run', file, '--seed', String(seed), '--state-dir', state, '--json'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`seed ${seed} exited ${r.status}: ${r.stderr}`);
    const out = JSON.parse(r.stdout);
    const f = fusedForecasterCodec.decode(stored(out.runDir, 'train'));
    const { test } = await splitCodec.decode(stored(out.runDir, 'split'));
    const actual = toOriginal(gatherY(test), test);
    const { levels, lower, upper } = await f.intervals(test);
    const cells = levels.map((_, i) => {
      let inside = 0;
      let width = 0;
      for (let k = 0; k < actual.length; k++) {
        if (actual[k] >= lower[i][k] && actual[k] <= upper[i][k]) inside++;
        width += upper[i][k] - lower[i][k];
      }
      return `${((100 * inside) / actual.length).toFixed(1)}% | ${(width / actual.length).toFixed(3)}`;
    });
    console.log(`| ${seed} | ${out.metrics.test.mase.toFixed(3)} | ${cells.join(' | ')} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
