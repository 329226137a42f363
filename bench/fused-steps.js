#!/usr/bin/env node
/**
 * Milliseconds per training step, fused engine against tfjs-layers on WASM, in one process,
 * alternating (fused, layers, fused, layers, …) so both see the same machine load. The tutorial's
 * data (sine, lookback 10, 791 training windows); SimpleRNN(50), GRU(50), LSTM(50) + Dense(1),
 * Adam, MSE; batch 1 and 32. Each measurement is one epoch through the real trainer/tfjs stage
 * (at batch 1 over the first 240 windows: per-step time does not depend on how many).
 * When the Keras venv exists (bash bench/keras/setup.sh), Keras runs in the same session too:
 * bench/keras/tutorial.py for 1 and 3 epochs, per step = the difference / (2 epochs · steps), so
 * its one-off graph tracing is left out. Writes bench/results/fused-steps.{md,json}; also quotes
 * bench/results/keras-reference.json (Keras's own 50-epoch runs, another day).
 * Then the fused engine's WASM kernels, before against now in the same process: the module the
 * engine shipped before (bench/kernels/gemm-before.wat, compiled here with wabt: axpy products, JS
 * activations and gate loops) and the shipped one (register-blocked products, activations and gate
 * steps in WASM), alternating epochs of the fused loop on FusedNetwork itself, and a check that
 * both trained the same parameters bit for bit.
 *
 *   node bench/fused-steps.js [reps=3]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createRng, testContext } from '@seqpipe/core';
import { FusedNetwork, initialParams, networkLayout } from '@seqpipe/kernels';
import { tfjsTrainerStage, loadTfInfo } from '@seqpipe/tfjs';
import { compileGemmWat } from '../packages/kernels/scripts/compile-wat.mjs';

const root = join(import.meta.dirname, '..');
const KERNELS_FIT_ARENA = false;
const reps = Number(process.argv[2] ?? 3);
const command = `node bench/fused-steps.js${process.argv[2] ? ` ${process.argv[2]}` : ''}`;
process.env.SEQPIPE_BACKEND ??= 'wasm';

/** The tutorial: 1000 points of sin(linspace(0, 100)), min-max scaled, 989 windows, first 80% train. */
function tutorialSplit() {
  const n = 1000;
  const raw = Array.from({ length: n }, (_, i) => Math.sin((100 * i) / (n - 1)));
  const lo = Math.min(...raw);
  const hi = Math.max(...raw);
  const v = raw.map((x) => (x - lo) / (hi - lo));
  const lookback = 10;
  const count = n - lookback - 1;
  const cut = (from, to) => {
    const k = to - from;
    const x = new Float32Array(k * lookback);
    const y = new Float32Array(k);
    for (let i = 0; i < k; i++) {
      for (let t = 0; t < lookback; t++) x[i * lookback + t] = v[from + i + t];
      y[i] = v[from + i + lookback];
    }
    return { kind: 'windows', columns: ['y'], targetColumns: [0], lookback, horizon: 1, count: k, x, y,
      index: new Int32Array(k), tail: new Float32Array(lookback), seriesLength: n, transforms: [] };
  };
  const train = Math.floor(count * 0.8);
  return { kind: 'split', train: cut(0, train), test: cut(train, count) };
}

const full = tutorialSplit();
/** At batch 1 the first 240 windows are enough steps to time (the layers engine is slow there). */
const subset = (w, k) => ({ ...w, count: k, x: w.x.subarray(0, k * w.lookback), y: w.y.subarray(0, k), index: w.index.subarray(0, k) });
const dataFor = (batchSize) => (batchSize === 1 ? { ...full, train: subset(full.train, 240) } : full);
const spec = (cell) => ({
  kind: 'model-spec', head: { activation: 'linear' },
  layers: [{ cell, units: 50, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 }],
});

/** One epoch through trainer/tfjs; returns wall and CPU ms per step. */
async function epoch(cell, batchSize, engine) {
  const data = dataFor(batchSize);
  const ctx = testContext('train', 1);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const f = await tfjsTrainerStage.run(ctx, { model: spec(cell), data }, {
    optimizer: 'adam', learningRate: 0.001, loss: 'mse', epochs: 1, batchSize, shuffle: true, engine,
  });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  f.dispose?.();
  if (f.summary.engine !== engine) throw new Error(`asked for ${engine}, trained with ${f.summary.engine}`);
  const steps = Math.ceil(data.train.count / batchSize);
  // The epoch's own time (training only) and the whole call (setup included), per step.
  return { epochMs: ctx.events.find((e) => e.type === 'epoch').seconds * 1000 / steps, callMs: wall / steps, cpuMs: (cpu.user + cpu.system) / 1000 / steps };
}

const python = join(root, 'bench/keras/.venv/bin/python');
/** Keras ms per step in this session: (fit of 3 epochs − fit of 1 epoch) / (2 · steps). */
function kerasStep(cell, batchSize) {
  if (!existsSync(python)) return undefined;
  const fit = (epochs) => {
    const r = spawnSync(python, [join(root, 'bench/keras/tutorial.py'), '--seed', '1', '--cell', cell, '--epochs', String(epochs), '--batch-size', String(batchSize)],
      { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
    if (r.status !== 0) throw new Error(`keras ${cell} exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)).train_seconds;
  };
  const one = fit(1);
  const three = fit(3);
  return ((three - one) * 1000) / (2 * Math.ceil(full.train.count / batchSize));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const keras = JSON.parse(readFileSync(join(root, 'bench/results/keras-reference.json'), 'utf8'));
const kerasSeconds = (cell) => {
  const runs = keras.runs.filter((r) => r.cell.toLowerCase() === cell.toLowerCase() && r.batch_size === 1);
  return runs.length ? runs.reduce((s, r) => s + r.train_seconds, 0) / runs.length : undefined;
};

const { backend } = await loadTfInfo();
const load = [loadavg()[0]];
const rows = [];
for (const batchSize of [1, 32]) {
  for (const cell of ['simpleRNN', 'gru', 'lstm']) {
    const m = { fused: [], layers: [] };
    await epoch(cell, batchSize, 'fused'); // warm-up (JIT)
    for (let r = 0; r < reps; r++) {
      for (const engine of ['fused', 'layers']) m[engine].push(await epoch(cell, batchSize, engine));
    }
    const pick = (engine, key) => median(m[engine].map((x) => x[key]));
    const steps = Math.ceil(full.train.count / batchSize);
    const row = {
      cell, batchSize, steps,
      fusedMs: pick('fused', 'epochMs'), fusedCpuMs: pick('fused', 'cpuMs'),
      layersMs: pick('layers', 'epochMs'), layersCpuMs: pick('layers', 'cpuMs'),
    };
    row.speedup = row.layersMs / row.fusedMs;
    const kerasMs = kerasStep(cell, batchSize);
    if (kerasMs !== undefined) { row.kerasMs = kerasMs; row.fusedToKeras = row.fusedMs / kerasMs; }
    row.fused50EpochsS = (row.fusedMs * steps * 50) / 1000;
    const k = batchSize === 1 ? kerasSeconds(cell === 'simpleRNN' ? 'SimpleRNN' : cell.toUpperCase()) : undefined;
    if (k !== undefined) { row.kerasS = k; row.ratioToKeras = row.fused50EpochsS / k; }
    rows.push(row);
    process.stderr.write(`${cell} batch ${batchSize}: fused ${row.fusedMs.toFixed(3)} ms/step (cpu ${row.fusedCpuMs.toFixed(3)}), `
      + `layers/${backend} ${row.layersMs.toFixed(3)} ms/step (cpu ${row.layersCpuMs.toFixed(3)}), ×${row.speedup.toFixed(1)}`
      + `${kerasMs === undefined ? '' : `, keras ${kerasMs.toFixed(3)} ms/step`}\n`);
  }
}

/** The fused loop (fusedFit's, without clipping and yields) over one epoch of the tutorial's windows. */
function kernelEpoch(net, optimizer, order, batchSize) {
  const w = full.train;
  const steps = Math.ceil(w.count / batchSize);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let start = 0; start < w.count; start += batchSize) {
    const B = net.load(w.x, w.y, order, start, Math.min(w.count, start + batchSize));
    net.forward(B, true);
    net.loss(B, 'mse');
    net.backward(B);
    optimizer.step(net.params, net.grads);
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms: wall / steps, cpuMs: (cpu.user + cpu.system) / 1000 / steps };
}

// gemm-before.wat is a float64 module over unshared memory: since the engine computes in float32 in
// a shared memory (issue 17) it no longer fits the arena, so this comparison is skipped; the
// float64 → float32 comparison is bench/fused-large.js with BEFORE= (a build of the float64 engine).
const before = await compileGemmWat(readFileSync(join(root, 'bench/kernels/gemm-before.wat'), 'utf8'));
const kernelRows = [];
for (const batchSize of before && KERNELS_FIT_ARENA ? [1, 32] : []) {
  for (const cell of ['simpleRNN', 'gru', 'lstm']) {
    const shape = { lookback: full.train.lookback, features: 1, outputs: 1 };
    const layout = networkLayout(spec(cell), shape);
    const initial = initialParams(spec(cell), shape, createRng(1));
    const order = Int32Array.from({ length: full.train.count }, (_, i) => i);
    createRng(2).shuffle(order);
    const runs = { before: [], now: [] };
    const nets = {};
    for (const name of ['before', 'now']) {
      const net = new FusedNetwork(layout, initial, batchSize, name === 'before' ? before : undefined);
      nets[name] = { net, optimizer: net.createOptimizer('adam', 0.001) };
      kernelEpoch(nets[name].net, nets[name].optimizer, order, batchSize); // warm-up (JIT)
    }
    for (let r = 0; r < reps; r++) {
      for (const name of ['before', 'now']) runs[name].push(kernelEpoch(nets[name].net, nets[name].optimizer, order, batchSize));
    }
    const pick = (name, key) => median(runs[name].map((x) => x[key]));
    const a = nets.before.net.params;
    const t = nets.now.net.params;
    const row = {
      cell, batchSize, beforeMs: pick('before', 'ms'), beforeCpuMs: pick('before', 'cpuMs'), nowMs: pick('now', 'ms'), nowCpuMs: pick('now', 'cpuMs'),
      identical: a.length === t.length && a.every((v, i) => Object.is(v, t[i])),
    };
    row.speedup = row.beforeMs / row.nowMs;
    row.cpuSpeedup = row.beforeCpuMs / row.nowCpuMs;
    kernelRows.push(row);
    process.stderr.write(`kernels ${cell} batch ${batchSize}: before ${row.beforeMs.toFixed(3)} ms/step, now ${row.nowMs.toFixed(3)} ms/step, ×${row.speedup.toFixed(2)} (cpu ×${row.cpuSpeedup.toFixed(2)}), identical ${row.identical}\n`);
  }
}
load.push(loadavg()[0]);

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.versions.node}; layers backend ${backend}`;
const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
writeFileSync(join(root, 'bench/results/fused-steps.json'), `${JSON.stringify({ command, date, machine, reps, loadAverage: load, rows, kernels: kernelRows }, null, 2)}\n`);
const f = (x, d = 3) => (x === undefined ? '—' : x.toFixed(d));
const md = [
  '# Fused engine: milliseconds per training step',
  '',
  `Produced by \`${command}\` on ${date} — ${machine}. 1-minute load average ${load.map((x) => x.toFixed(1)).join(' → ')} `
    + '(the machine is shared: compare the ratios within this run, not the absolute times across runs).',
  '',
  `The tutorial's data (791 training windows — at batch 1 the first 240 of them — lookback 10, 1 feature), one recurrent layer of 50 units + Dense(1), Adam, MSE. Each number is the median over ${reps} epochs `
    + 'through the real `trainer/tfjs` stage, alternating the engines; wall ms per optimizer step (training loop only), and the process CPU ms per step beside it. '
    + '"50 epochs" projects the fused time to the tutorial\'s 50 epochs; Keras is the mean `model.fit` time in [keras-reference.md](keras-reference.md) '
    + '(measured on another day; batch 1 only). "Keras ms/step (this run)" is measured in this session when the Keras venv exists: '
    + '`bench/keras/tutorial.py` fitted for 1 and for 3 epochs, the difference over 2 epochs\' steps (graph tracing left out).',
  '',
  '| cell | batch | fused ms/step | (cpu) | layers ms/step | (cpu) | layers ÷ fused | Keras ms/step (this run) | fused ÷ Keras (this run) | fused 50 epochs s | Keras reference 50 epochs s |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.cell} | ${r.batchSize} | ${f(r.fusedMs)} | ${f(r.fusedCpuMs)} | ${f(r.layersMs)} | ${f(r.layersCpuMs)} | ${f(r.speedup, 1)} | ${f(r.kerasMs)} | ${f(r.fusedToKeras, 2)} | ${f(r.fused50EpochsS, 1)} | ${f(r.kerasS, 1)} |`),
  '',
  '## WASM kernels, before and now',
  '',
  'The fused loop over all 791 training windows (the same shuffled order every epoch), on `FusedNetwork` directly, alternating epochs in this process: '
    + 'before = the module the engine shipped before ([bench/kernels/gemm-before.wat](../kernels/gemm-before.wat): axpy products, each output row loaded and stored once per term; '
    + 'activations and gate loops in JS), now = the shipped `packages/kernels/src/wasm/gemm.wat` (register-blocked products; tanh, sigmoid and the LSTM/GRU gate steps in WASM). '
    + `Median over ${reps} epochs of wall ms per step, process CPU ms per step beside it. "Identical" compares every trained parameter of the two after all epochs.`,
  '',
  '| cell | batch | before ms/step | (cpu) | now ms/step | (cpu) | before ÷ now | (cpu) | identical |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...kernelRows.map((r) => `| ${r.cell} | ${r.batchSize} | ${f(r.beforeMs)} | ${f(r.beforeCpuMs)} | ${f(r.nowMs)} | ${f(r.nowCpuMs)} | ${f(r.speedup, 2)} | ${f(r.cpuSpeedup, 2)} | ${r.identical ? 'yes' : '**no**'} |`),
  '',
].join('\n');
writeFileSync(join(root, 'bench/results/fused-steps.md'), md);
process.stdout.write(md);
