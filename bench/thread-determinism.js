#!/usr/bin/env node
/**
 * Stress check of the fused engine's promise that any thread count trains the same bytes: trains
 * the same GRU on a synthetic panel (M4-Hourly-like shapes, smaller) once on one thread (the
 * reference), then `--runs` times on `--threads` worker threads, `--parallel` trainings at a time
 * in this process, and compares every run's trained parameters with the reference bit for bit.
 * Written after one M4 Hourly run at 2 threads diverged from six others (bench/results/
 * m4-hourly-search.md); prints each run's digest and the epoch of any divergence it can see.
 *
 *   npm run build && node bench/thread-determinism.js [--runs 12] [--threads 2] [--parallel 2]
 *                                                     [--series 60] [--epochs 6] [--units 32]
 * Exit code 1 when a run differs from the reference.
 */
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { testContext } from '@seqpipe/core';
import { tfjsTrainerStage } from '@seqpipe/tfjs';

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '12' }, threads: { type: 'string', default: '2' }, parallel: { type: 'string', default: '2' },
    series: { type: 'string', default: '60' }, rows: { type: 'string', default: '700' }, epochs: { type: 'string', default: '6' },
    units: { type: 'string', default: '32' }, batch: { type: 'string', default: '64' },
  },
});
const [series, rows, epochs, units, batch] = ['series', 'rows', 'epochs', 'units', 'batch'].map((k) => Number(opt[k]));
const L = 168;
const H = 48;

// A deterministic panel (an LCG, not Math.random): daily and weekly seasonality plus noise per series.
const data = new Float64Array(series * rows);
let seed = 12345;
const noise = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5;
for (let s = 0; s < series; s++) {
  const level = 0.3 + (0.4 * ((s * 37) % 100)) / 100;
  const amp = 0.05 + (0.15 * ((s * 53) % 100)) / 100;
  for (let t = 0; t < rows; t++) data[s * rows + t] = level + amp * Math.sin((2 * Math.PI * t) / 24) + 0.3 * amp * Math.sin((2 * Math.PI * t) / 168) + 0.05 * noise();
}
const offsets = Int32Array.from({ length: series + 1 }, (_, s) => s * rows);
const index = [];
for (let s = 0; s < series; s++) for (let r = offsets[s] + L; r + H <= offsets[s + 1]; r += 4) index.push(r);
const ids = Array.from({ length: series }, (_, s) => `S${s + 1}`);
const windows = (idx) => ({ kind: 'windows', columns: ['y'], targetColumns: [0], lookback: L, horizon: H, count: idx.length, data, rows: data.length, index: Int32Array.from(idx), transforms: [], ids, offsets });
const cut = Math.floor(index.length * 0.9);
const split = { kind: 'split', train: windows(index.slice(0, cut)), validation: windows(index.slice(cut)), test: windows(index.slice(cut)) };
const spec = { kind: 'model-spec', head: { activation: 'linear' }, layers: [{ cell: 'gru', units, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 }] };

/** One training: the digest of its parameters and its per-epoch losses. */
async function train(threads) {
  const ctx = testContext('train', 1);
  const f = await tfjsTrainerStage.run(ctx, { model: spec, data: split }, {
    optimizer: 'adam', learningRate: 0.003, loss: 'mae', epochs, batchSize: batch, shuffle: true, engine: 'fused', threads,
  });
  const w = f.weights;
  const digest = createHash('sha256').update(new Uint8Array(w.buffer, w.byteOffset, w.byteLength)).digest('hex').slice(0, 16);
  f.dispose?.();
  return { digest, losses: ctx.events.filter((e) => e.type === 'epoch').map((e) => e.loss) };
}

process.env.SEQPIPE_THREAD_MIN_WORK ??= '0'; // threads even for this small a run
console.log(`${cut} training windows, GRU(${units}), batch ${batch}, ${epochs} epochs; ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}`);
const ref = await train(1);
console.log(`reference (1 thread): ${ref.digest}`);
let bad = 0;
const total = Number(opt.runs);
const parallel = Math.max(1, Number(opt.parallel));
for (let done = 0; done < total; done += parallel) {
  const batchRuns = await Promise.all(Array.from({ length: Math.min(parallel, total - done) }, () => train(Number(opt.threads))));
  for (const [k, r] of batchRuns.entries()) {
    const same = r.digest === ref.digest;
    const firstEpoch = r.losses.findIndex((l, e) => l !== ref.losses[e]);
    if (!same) bad++;
    console.log(`run ${done + k + 1} (${opt.threads} threads): ${r.digest} ${same ? 'same' : `DIFFERS${firstEpoch >= 0 ? ` (loss first differs at epoch ${firstEpoch + 1})` : ''}`}`);
  }
}
console.log(`${total - bad} of ${total} runs equal the reference; load ${loadavg()[0].toFixed(1)}`);
process.exit(bad ? 1 : 0);
