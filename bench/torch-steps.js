#!/usr/bin/env node
/**
 * Milliseconds per optimizer step, seqpipe's fused engine against PyTorch CPU, alternated case by
 * case in one run (issue 17's yardstick). The same data and shapes on both sides: the tutorial's
 * sine (bench/torch/sine.js = bench/torch/common.py), SimpleRNN/GRU/LSTM(50) lookback 10 at batch 1
 * and 32, and 2×128 stacks at lookback 64, batch 32; Adam (lr 0.001), MSE, float32 batches.
 *
 * seqpipe: two epochs of the real trainer/tfjs stage (engine fused, the kernels this machine has:
 * native where `npm run setup-native` built them, SEQPIPE_KERNELS=wasm for the WASM ones) over the
 * first steps × batch training windows, the second epoch's time ÷ steps (the stage's setup and the
 * first epoch, which warms the worker threads, are outside it), at `threads: 1`
 * and at every core (`threads` = the core count; identical results either way). PyTorch:
 * bench/torch/steps.py --serve, the same number of steps after its warm-up, the pass's time ÷ steps,
 * at torch's default thread count (2 here) and at 1 thread. Each repetition runs every side once per
 * case, in a rotated order; the tables show medians over repetitions. At batch 1 the Keras code's
 * step (bench/keras/tutorial.py fitted 1 and 3 epochs, the difference ÷ 2 epochs' steps) when
 * bench/keras/.venv exists, otherwise the step time of bench/results/keras-reference.json (another day).
 *
 *   node bench/torch-steps.js [--reps 3] [--cases a,b] [--scale 1] [--no-keras]
 *                             [--trainer '{"json":"merged into trainer/tfjs params"}'] [--out torch-steps]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { testContext } from '@seqpipe/core';
import { tfjsTrainerStage } from '@seqpipe/tfjs';
import { startTorch, torchProvisioned, TORCH_MISSING } from './torch/client.js';
import { firstWindows, sineSplit } from './torch/sine.js';

const root = join(import.meta.dirname, '..');
const { values: opt } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' }, cases: { type: 'string' }, scale: { type: 'string', default: '1' },
    'no-keras': { type: 'boolean', default: false }, trainer: { type: 'string', default: '{}' }, out: { type: 'string', default: 'torch-steps' },
  },
});
const reps = Number(opt.reps);
const scale = Number(opt.scale);
const extraParams = JSON.parse(opt.trainer);
const command = `node bench/torch-steps.js${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;

const small = { points: 1000, lookback: 10, units: 50, layers: 1 };
// 2000 windows, 1600 train: 50 batches of 32, more than any repetition uses.
const large = { points: 2065, lookback: 64, units: 128, layers: 2 };
// At most one pass over the training windows (791 small, 1600 large): seqpipe trains one epoch of them.
const steps = (n, train, batch) => Math.min(Math.floor(train / batch), Math.max(2, Math.round(n * scale)));
export const ALL_CASES = [
  ...[1, 32].flatMap((batch) => ['simpleRNN', 'gru', 'lstm'].map((cell) => ({
    id: `${cell === 'simpleRNN' ? 'rnn' : cell}-b${batch}`, cell, batch, steps: steps(batch === 1 ? 240 : 24, 791, batch), ...small,
  }))),
  // 32 steps: with 8, the worker threads were still warming up (V8 tiers their code up over the
  // first tens of steps) and a fixed per-epoch cost weighed a quarter as much per step.
  ...['simpleRNN', 'gru', 'lstm'].map((cell) => ({ id: `${cell === 'simpleRNN' ? 'rnn' : cell}2x128-b32`, cell, batch: 32, steps: steps(32, 1600, 32), ...large })),
];
const cases = opt.cases ? ALL_CASES.filter((c) => opt.cases.split(',').includes(c.id)) : ALL_CASES;
if (!cases.length) throw new Error(`no case among ${opt.cases}; choose from ${ALL_CASES.map((c) => c.id).join(', ')}`);

const spec = (c) => ({
  kind: 'model-spec', head: { activation: 'linear' },
  layers: Array.from({ length: c.layers }, () => ({ cell: c.cell, units: c.units, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 })),
});

// Threads for these short epochs too: the trainer starts them only for about a second of work or
// more (their start-up is outside the epoch's time either way).
process.env.SEQPIPE_THREAD_MIN_WORK = '0';

/**
 * Two epochs of trainer/tfjs on the fused engine over c.steps full batches: the second epoch's ms
 * per step. The first warms the worker threads' code (each training starts its own threads), as
 * PyTorch's warm-up pass does its own.
 */
async function seqpipeStep(c, threads) {
  const split = sineSplit(c.points, c.lookback);
  const data = { ...split, train: firstWindows(split.train, c.steps * c.batch) };
  const ctx = testContext('train', 1);
  const f = await tfjsTrainerStage.run(ctx, { model: spec(c), data }, {
    optimizer: 'adam', learningRate: 0.001, loss: 'mse', epochs: 2, batchSize: c.batch, shuffle: true, engine: 'fused', threads, ...extraParams,
  });
  f.dispose?.();
  if (f.summary.engine !== 'fused') throw new Error(`${c.id}: trained with ${f.summary.engine}, not fused`);
  kernelsSeen.add(f.summary.kernels ?? 'wasm');
  return (ctx.events.find((e) => e.type === 'epoch' && e.epoch === 2).seconds * 1000) / c.steps;
}
const kernelsSeen = new Set();

const kerasPy = join(root, 'bench/keras/.venv/bin/python');
const liveKeras = !opt['no-keras'] && existsSync(kerasPy);
/** Keras ms per step at batch 1 in this run: (fit of 3 epochs − fit of 1 epoch) / (2 · 791 steps). */
function kerasStep(c) {
  const fit = (epochs) => {
    const r = spawnSync(kerasPy, [join(root, 'bench/keras/tutorial.py'), '--seed', '1', '--cell', c.cell, '--epochs', String(epochs), '--batch-size', '1'],
      { encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
    if (r.status !== 0) throw new Error(`keras ${c.cell} exited ${r.status}: ${r.stderr.slice(-2000)}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)).train_seconds;
  };
  return ((fit(3) - fit(1)) * 1000) / (2 * 791);
}
/** keras-reference.json: the mean 50-epoch model.fit at batch 1 ÷ its steps (graph tracing included). */
const kerasRef = JSON.parse(readFileSync(join(root, 'bench/results/keras-reference.json'), 'utf8'));
function kerasReferenceStep(c) {
  const runs = kerasRef.runs.filter((r) => r.cell.toLowerCase() === c.cell.toLowerCase() && r.batch_size === 1);
  return runs.length ? (runs.reduce((s, r) => s + r.train_seconds, 0) / runs.length) * 1000 / (runs[0].epochs * 791) : undefined;
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : undefined;
};

const notes = [];
const torch = torchProvisioned() ? await startTorch() : undefined;
if (!torch) notes.push(`not run — ${TORCH_MISSING}`);
const threadCounts = torch ? [...new Set([torch.info.default_threads, 1])] : [];
// seqpipe at 1 thread and at every core (the trainer's default).
const seqThreads = [...new Set([cpus().length, 1])];
const sides = [...seqThreads.map((t) => `seqpipe${t}`), ...threadCounts.map((t) => `torch${t}`)];
const torchRequest = (c, threads) => ({
  cell: c.cell, units: c.units, layers: c.layers, lookback: c.lookback, batch: c.batch, points: c.points, threads,
  warmup: Math.max(3, Math.min(20, c.steps)), steps: c.steps,
});

const load = { start: loadavg() };
const started = Date.now();
console.error(`${command}: ${cases.length} cases × ${sides.join(', ')} × ${reps} reps; load ${load.start.map((x) => x.toFixed(1)).join(' ')}`);
for (const c of cases) for (const t of seqThreads) await seqpipeStep(c, t); // warm-up: JIT, WASM compilation, worker threads
const runs = [];
for (let rep = 1; rep <= reps; rep++) {
  for (const [k, c] of cases.entries()) {
    const shift = (rep - 1 + k) % sides.length;
    for (const side of [...sides.slice(shift), ...sides.slice(0, shift)]) {
      let ms;
      let torchMedianMs;
      if (side.startsWith('seqpipe')) ms = await seqpipeStep(c, Number(side.slice(7)));
      else {
        const r = await torch.measure(torchRequest(c, Number(side.slice(5))));
        ms = r.mean_ms;
        torchMedianMs = r.ms;
      }
      runs.push({ case: c.id, side, rep, ms, ...(torchMedianMs === undefined ? {} : { torchMedianMs }), load1: loadavg()[0] });
      console.error(`  rep ${rep} ${c.id.padEnd(14)} ${side.padEnd(8)} ${ms.toFixed(3).padStart(9)} ms/step`);
    }
  }
}
torch?.close();

const rows = cases.map((c) => {
  const of = (side, key = 'ms') => median(runs.filter((r) => r.case === c.id && r.side === side).map((r) => r[key]));
  const row = { case: c.id, cell: c.cell, layers: c.layers, units: c.units, lookback: c.lookback, batch: c.batch, steps: c.steps };
  for (const t of seqThreads) row[`seqpipe${t}Ms`] = of(`seqpipe${t}`);
  // seqpipe's time: at every core (the default); ratios pair equal thread counts where both ran.
  row.seqpipeMs = row[`seqpipe${seqThreads[0]}Ms`];
  for (const t of threadCounts) {
    row[`torch${t}Ms`] = of(`torch${t}`);
    row[`torch${t}MedianStepMs`] = of(`torch${t}`, 'torchMedianMs');
    row[`ratioTorch${t}`] = (row[`seqpipe${t}Ms`] ?? row.seqpipeMs) / row[`torch${t}Ms`];
  }
  if (c.batch === 1) {
    const live = liveKeras ? kerasStep(c) : undefined;
    row.kerasMs = live ?? kerasReferenceStep(c);
    row.kerasSource = live === undefined ? 'keras-reference.json' : 'this run';
    row.ratioKeras = row.seqpipeMs / row.kerasMs;
  }
  return row;
});
load.end = loadavg();

const machine = {
  seqpipeThreads: seqThreads,
  seqpipeKernels: [...kernelsSeen],
  cpu: `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`, node: process.version,
  torch: torch?.info.torch ?? null, python: torch?.info.python ?? null, torchDefaultThreads: torch?.info.default_threads ?? null,
};
const date = new Date(started).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const minutes = Number(((Date.now() - started) / 60000).toFixed(1));
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, `bench/results/${opt.out}.json`), `${JSON.stringify({ command, date, minutes, machine, loadAverage: load, reps, extraParams, notes, cases, rows, runs }, null, 2)}\n`);

/** The last `node bench/fused-profile.js` run, summarised (where seqpipe's large step goes). */
function profileSummary() {
  const file = join(root, 'bench/results/fused-profile.json');
  if (!existsSync(file)) return [];
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const pc = (x) => `${(100 * x).toFixed(0)}%`;
  return [
    `## Where seqpipe's time goes (${p.case.layers}×${p.case.units} ${p.case.cell}, batch ${p.case.batch})`, '',
    `From [fused-profile.md](fused-profile.md) (\`${p.command}\`, ${p.date}): ${p.stepMs.toFixed(1)} ms/step there (${p.cpuMs?.toFixed(1) ?? '—'} ms CPU), ${p.gflops.toFixed(1)} GFLOP/s per wall second (${p.cpuGflops?.toFixed(1) ?? '—'} per CPU second) on one thread. `
      + `Phases: ${p.phases.map((x) => `${x.name} ${pc(x.share)}`).join(', ')}. `
      + `Self time: ${p.profile.slice(0, 8).map((x) => `${x.name.replace(' [wasm]', '')} ${pc(x.share)}`).join(', ')}.`,
    '',
  ];
}

const f = (x, d = 3) => (x === undefined || x === null || !Number.isFinite(x) ? '—' : x.toFixed(d));
const la = (xs) => xs.map((x) => x.toFixed(1)).join(' / ');
// Several torch threads spin-wait at OpenMP barriers: on a loaded machine a descheduled thread stalls
// a step by a scheduler slice, so the pass mean balloons; the median single step shows the unstalled step.
const multi = threadCounts.filter((t) => t > 1);
const tCols = threadCounts.map((t) => `PyTorch ${t} thread${t > 1 ? 's' : ''}`);
const md = [
  '# seqpipe (fused engine) against PyTorch CPU: milliseconds per optimizer step',
  '',
  `Command: \`${command}\` — ${date}, ${minutes} min. ${machine.cpu}; Node ${machine.node}; PyTorch ${machine.torch ?? '—'} (Python ${machine.python ?? '—'}, default threads ${machine.torchDefaultThreads ?? '—'}). `
    + `Load average (1/5/15 min) at start ${la(load.start)}, at end ${la(load.end)}: the machine is shared, so compare the ratios (same run, alternated), not absolute times across runs.`,
  '',
  `Each number is the median over ${reps} repetitions; each repetition measures every side once per case, in a rotated order. seqpipe: two epochs of \`trainer/tfjs\` (engine fused, float32, ${machine.seqpipeKernels.join(', ')} kernels, at ${seqThreads.join(' and ')} thread(s)) `
    + 'over the first steps × batch training windows, the second epoch\'s time ÷ steps (the first warms the worker threads\' code). PyTorch: `bench/torch/steps.py`, a pass of the same number of steps after a warm-up, pass time ÷ steps '
    + '(and the median single step at several threads: OpenMP threads spin at barriers, so on a loaded machine a descheduled thread stalls whole steps and the pass mean balloons; '
    + 'the median step is PyTorch\'s unstalled step, the most favourable reading for PyTorch). Ratio (NT) = seqpipe at N threads ÷ PyTorch at N threads (below 1: seqpipe is faster); the median-step ratio and the Keras ratio use seqpipe at every core.'
    + (Object.keys(extraParams).length ? ` Extra trainer params: \`${JSON.stringify(extraParams)}\`.` : ''),
  '',
  `| case | steps | ${seqThreads.map((t) => `seqpipe ${t}T ms/step`).join(' | ')} | ${tCols.map((t) => `${t} ms/step`).join(' | ')} | ${threadCounts.map((t) => `ratio (${t}T)`).join(' | ')} | ${multi.map((t) => `PyTorch ${t}T median step ms | ratio (${t}T median step)`).join(' | ')} | Keras ms/step | ratio to Keras |`,
  `| --- | ---: | ${seqThreads.map(() => '---:').join(' | ')} | ${[...threadCounts, ...threadCounts, ...multi, ...multi].map(() => '---:').join(' | ')} | ---: | ---: |`,
  ...rows.map((r) => `| ${r.case} | ${r.steps} | ${seqThreads.map((t) => f(r[`seqpipe${t}Ms`])).join(' | ')} | ${threadCounts.map((t) => f(r[`torch${t}Ms`])).join(' | ')} | ${threadCounts.map((t) => f(r[`ratioTorch${t}`], 2)).join(' | ')} | `
    + `${multi.map((t) => `${f(r[`torch${t}MedianStepMs`])} | ${f(r.seqpipeMs / r[`torch${t}MedianStepMs`], 2)}`).join(' | ')} | `
    + `${f(r.kerasMs)}${r.kerasSource === 'keras-reference.json' ? ' ¹' : ''} | ${f(r.ratioKeras, 3)} |`),
  '',
  'Cases: rnn/gru/lstm = SimpleRNN/GRU/LSTM(50) + Dense(1), lookback 10, 791 training windows (the tutorial); 2x128 = two stacked layers of 128, lookback 64, 1600 training windows; -bN = batch N.',
  ...(rows.some((r) => r.kerasSource === 'keras-reference.json')
    ? ['¹ No bench/keras/.venv in this run: the Keras step is [keras-reference.md](keras-reference.md)\'s mean 50-epoch `model.fit` at batch 1 ÷ its 39,550 steps (measured '
      + `${kerasRef.date}, TensorFlow ${kerasRef.tf_version}; graph tracing included). Run \`bash bench/keras/setup.sh\` to measure it in the same run.`]
    : []),
  ...notes.map((n) => `Note: ${n}.`),
  '',
  ...profileSummary(),
].join('\n');
writeFileSync(join(root, `bench/results/${opt.out}.md`), md);
process.stdout.write(md);
