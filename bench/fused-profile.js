#!/usr/bin/env node
/**
 * Where a fused training step spends its time (issue 17's large case by default: 2×128 LSTM,
 * lookback 64, batch 32, Adam, MSE), on FusedNetwork directly with fusedFit's step body:
 *  1. phase timers around gather+load, forward, loss, backward and the optimizer update;
 *  2. a V8 CPU profile (node:inspector) of the same steps, self time per function (the WASM kernels
 *     by their export or $name in gemm.wat, e.g. $acc, the register-blocked product under mulAcc and mulAccTransA);
 *  3. the multiply-adds the step must do (the recurrent and input products, forward and backward)
 *     and the rate achieved.
 * Writes bench/results/fused-profile.{md,json}.
 *
 *   node bench/fused-profile.js [--cell lstm] [--units 128] [--layers 2] [--lookback 64] [--batch 32] [--steps 10]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRng, gatherX, gatherY } from '@seqpipe/core';
import { FusedNetwork, initialParams, kernelKind, networkLayout } from '@seqpipe/kernels';
import { sineSplit } from './torch/sine.js';

const root = join(import.meta.dirname, '..');
const { values: o } = parseArgs({
  options: {
    cell: { type: 'string', default: 'lstm' }, units: { type: 'string', default: '128' }, layers: { type: 'string', default: '2' },
    lookback: { type: 'string', default: '64' }, batch: { type: 'string', default: '32' }, steps: { type: 'string', default: '10' },
  },
});
const [U, layers, L, B, steps] = [o.units, o.layers, o.lookback, o.batch, o.steps].map(Number);
const command = `node bench/fused-profile.js${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
const spec = { kind: 'model-spec', head: { activation: 'linear' }, layers: Array.from({ length: layers }, () => ({ cell: o.cell, units: U, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 })) };
const shape = { lookback: L, features: 1, outputs: 1 };
const layout = networkLayout(spec, shape);
const net = new FusedNetwork(layout, initialParams(spec, shape, createRng(1)), B);
const optimizer = net.createOptimizer('adam', 0.001);
const train = sineSplit(Math.max(2065, (steps + 2) * B + L + 1), L).train;
const order = Int32Array.from({ length: train.count }, (_, i) => i);
createRng(2).shuffle(order);

const phases = { 'gather + load': 0, forward: 0, loss: 0, backward: 0, 'optimizer (Adam)': 0 };
let at = 0;
function step(timed) {
  if (at + B > train.count) at = 0;
  let t = performance.now();
  const lap = (name) => { if (timed) { const now = performance.now(); phases[name] += now - t; t = now; } };
  const n = net.load(gatherX(train, order, at, at + B), gatherY(train, order, at, at + B), undefined, 0, B);
  at += B;
  lap('gather + load');
  net.forward(n, true);
  lap('forward');
  net.loss(n, 'mse');
  lap('loss');
  net.backward(n);
  lap('backward');
  optimizer.step(net.params, net.grads);
  lap('optimizer (Adam)');
}

const load = [loadavg()[0]];
for (let i = 0; i < 2; i++) step(false); // warm-up
const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < steps; i++) step(true);
const stepMs = (performance.now() - t0) / steps;
const cpu = process.cpuUsage(cpu0);
// On a loaded machine wall time includes waiting for a core; the process's CPU time does not.
const cpuMs = (cpu.user + cpu.system) / 1000 / steps;

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
for (let i = 0; i < steps; i++) step(false);
const { profile } = await session.post('Profiler.stop');
session.disconnect();
load.push(loadavg()[0]);

// V8 names WASM functions by index: imports first, then the module's funcs in order (gemm.wat's).
const wat = readFileSync(join(root, 'packages/kernels/src/wasm/gemm.wat'), 'utf8');
const watNames = [...wat.matchAll(/^\s*\((?:import "env" "(\w+)" \(func|func(?: \$(\w+))?(?: \(export "(\w+)"\))?)/gm)].map((m) => m[1] ? `import ${m[1]}` : m[2] ? `$${m[2]}` : m[3]);
const wasmName = (name) => name.replace(/^wasm-function\[(\d+)\]$/, (all, i) => watNames[Number(i)] ?? all);
// Self time per function: samples × the mean interval.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map(profile.nodes.flatMap((n) => (n.children ?? []).map((c) => [c, n])));
const counts = new Map();
for (const id of profile.samples) {
  const node = byId.get(id);
  const cf = node.callFrame;
  // Internal kernels ($acc serves mulAcc and mulAccTransA; $tanh/$sigmoid several): name the caller too.
  const via = wasmName(cf.functionName).startsWith('$') ? wasmName(parent.get(id)?.callFrame.functionName ?? '') : '';
  const name = `${wasmName(cf.functionName) || '(anonymous)'}${via ? ` via ${via}` : ''}${cf.url && !cf.url.startsWith('wasm') ? ` (${cf.url.split('/').slice(-2).join('/')})` : cf.url.startsWith('wasm') ? ' [wasm]' : ''}`;
  counts.set(name, (counts.get(name) ?? 0) + 1);
}
const total = profile.samples.length;
const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([name, n]) => ({ name, share: n / total }));

// Multiply-adds per step: each layer's input and recurrent products (gates·U wide) per time step,
// forward once, backward twice (the input gradient and the weight gradient), plus the head.
const gates = { simpleRNN: 1, gru: 3, lstm: 4 }[o.cell];
let macs = 0;
for (let l = 0; l < layers; l++) macs += 3 * L * B * ((l === 0 ? 1 : U) + U) * gates * U;
macs += 3 * B * U;
const gflops = (2 * macs) / (stepMs * 1e6);
const cpuGflops = (2 * macs) / (cpuMs * 1e6);

const phaseRows = Object.entries(phases).map(([name, ms]) => ({ name, ms: ms / steps, share: ms / steps / stepMs }));
const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const machine = `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores; Node ${process.version}`;
writeFileSync(join(root, 'bench/results/fused-profile.json'), `${JSON.stringify({ command, date, machine, loadAverage: load, case: { cell: o.cell, units: U, layers, lookback: L, batch: B, steps }, stepMs, cpuMs, macs, gflops, cpuGflops, phases: phaseRows, profile: top }, null, 2)}\n`);
const pct = (x) => `${(100 * x).toFixed(1)}%`;
const md = [
  '# Where a fused training step spends its time',
  '',
  `Command: \`${command}\` — ${date}, ${machine}; 1-minute load average ${load.map((x) => x.toFixed(1)).join(' → ')}. `
    + `Case: ${layers}×${U} ${o.cell}, lookback ${L}, batch ${B}, Adam, MSE, ${kernelKind()} kernels (native code shows as "(anonymous)" in the profile); FusedNetwork directly with fusedFit's step body, ${steps} steps after 2 of warm-up.`,
  '',
  `Step: **${stepMs.toFixed(1)} ms** wall, ${cpuMs.toFixed(1)} ms of CPU. Multiply-adds the step needs (input and recurrent products forward, and the two products per product backward): ${(macs / 1e6).toFixed(0)} M, `
    + `so **${gflops.toFixed(1)} GFLOP/s** per wall second (${cpuGflops.toFixed(1)} per CPU second) on one thread. `
    + 'Phase shares are of wall time; profile shares are of samples (CPU time).',
  '',
  '| phase | ms/step | share |',
  '| --- | ---: | ---: |',
  ...phaseRows.map((r) => `| ${r.name} | ${r.ms.toFixed(2)} | ${pct(r.share)} |`),
  '',
  `V8 CPU profile of ${steps} more steps (${total} samples at 0.2 ms), self time, top functions:`,
  '',
  '| function | self share |',
  '| --- | ---: |',
  ...top.map((r) => `| ${r.name.replaceAll('|', '\\|')} | ${pct(r.share)} |`),
  '',
].join('\n');
writeFileSync(join(root, 'bench/results/fused-profile.md'), md);
process.stdout.write(md);
