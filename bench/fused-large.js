#!/usr/bin/env node
/**
 * Milliseconds per optimizer step of the fused engine at the sizes issue 17 names (batch 32:
 * LSTM(50) lookback 10, 2×128 LSTM lookback 64; GRU and SimpleRNN likewise; batch 1 for the small
 * case), one step = load, masks, forward, loss, backward, Adam, on FusedNetwork itself. With
 * BEFORE=dir (a build of packages/kernels/dist from before a change, e.g. bench/.before-f64), the
 * old and the new engine alternate in the same process, so the ratio sees the same machine load.
 * `--profile` splits one step of the new engine into forward / backward / update.
 *
 *   BEFORE=bench/.before-f64 node bench/fused-large.js [reps=5] [--profile]
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRng } from '@seqpipe/core';
import * as now from '@seqpipe/kernels';

const args = process.argv.slice(2);
const reps = Number(args.find((a) => /^\d+$/.test(a)) ?? 5);
const profile = args.includes('--profile');
const before = process.env.BEFORE
  ? await import(pathToFileURL(join(resolve(process.env.BEFORE), 'index.js')).href)
  : undefined;

const layer = (cell, units) => ({ cell, units, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 });
const CASES = [
  { name: 'LSTM(50), lookback 10, batch 1', layers: [layer('lstm', 50)], T: 10, B: 1 },
  { name: 'LSTM(50), lookback 10, batch 32', layers: [layer('lstm', 50)], T: 10, B: 32 },
  { name: 'GRU(50), lookback 10, batch 32', layers: [layer('gru', 50)], T: 10, B: 32 },
  { name: 'SimpleRNN(50), lookback 10, batch 32', layers: [layer('simpleRNN', 50)], T: 10, B: 32 },
  { name: '2×128 LSTM, lookback 64, batch 32', layers: [layer('lstm', 128), layer('lstm', 128)], T: 64, B: 32 },
  { name: '2×128 GRU, lookback 64, batch 32', layers: [layer('gru', 128), layer('gru', 128)], T: 64, B: 32 },
];

/** A network of one engine (`k`: the kernels module) with seeded weights, and one batch of data. */
async function setup(k, c, steps, threads = 0) {
  const spec = { kind: 'model-spec', layers: c.layers, head: { activation: 'linear' } };
  const shape = { lookback: c.T, features: 1, outputs: 1 };
  const layout = k.networkLayout(spec, shape);
  const start = k.initialParams(spec, shape, createRng(1));
  // threads > 0: the chunked engine fusedFit uses above 16 rows (chunks of 16, on that many threads).
  const net = threads > 0 ? new k.ChunkedNetwork(layout, start, c.B) : new k.FusedNetwork(layout, start, c.B);
  if (threads > 1) await k.startChunkThreads(net, threads, 'mse');
  const rng = createRng(2);
  const x = Float32Array.from({ length: c.B * c.T }, () => rng.next());
  const y = Float32Array.from({ length: c.B }, () => rng.next());
  const opt = net.createOptimizer('adam', 0.001);
  const dropout = createRng(3);
  const step = () => {
    const B = net.load(x, y, undefined, 0, c.B);
    net.drawMasks(dropout, B);
    if (net.trainStep) net.trainStep(B, 'mse');
    else { net.forward(B, true); net.loss(B, 'mse'); net.backward(B); }
    opt.step(net.params, net.grads);
  };
  return { net, opt, step, steps };
}

/** Steps per timing so one timing lasts about 150 ms. */
function stepsFor(c) {
  const macs = c.layers.reduce((s, l, i) => s + (l.cell === 'lstm' ? 4 : l.cell === 'gru' ? 3 : 1) * l.units * (l.units + (i ? c.layers[i - 1].units : 1)), 0) * c.T * c.B;
  return Math.max(3, Math.min(3000, Math.round(1.5e8 / (3 * macs + 2e4))));
}

/** Wall ms per step, and the process's CPU ms per step (all threads; less sensitive to machine load). */
function time(e) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < e.steps; i++) e.step();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / e.steps, cpu: (c.user + c.system) / 1000 / e.steps };
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const rows = [];
const load = [loadavg()[0]];
for (const c of CASES) {
  const steps = stepsFor(c);
  const chunked = c.B > now.CHUNK_ROWS;
  const engines = [
    ['now', await setup(now, c, steps, chunked ? 1 : 0)],
    ...(chunked ? [['now2', await setup(now, c, steps, 2)]] : []),
    ...(before ? [['before', await setup(before, c, steps)]] : []),
  ];
  for (const [, e] of engines) e.step();
  const ms = Object.fromEntries(engines.map(([n]) => [n, []]));
  const cpu = Object.fromEntries(engines.map(([n]) => [n, []]));
  for (let r = 0; r < reps; r++) for (const [n, e] of engines) { const t = time(e); ms[n].push(t.wall); cpu[n].push(t.cpu); }
  const row = Object.fromEntries([['case', c.name], ...Object.entries(ms).map(([n, v]) => [n, median(v)]),
    ...Object.entries(cpu).map(([n, v]) => [`${n}Cpu`, median(v)])]);
  rows.push(row);
  const f = (v) => `${v.toFixed(3)} ms`;
  console.log(`${c.name}: cpu now ${f(row.nowCpu)}${before ? ` before ${f(row.beforeCpu)} (${(row.nowCpu / row.beforeCpu).toFixed(2)})` : ''}; now (1 thread) ${f(row.now)}${row.now2 ? `, now (2 threads) ${f(row.now2)} (1→2 speed-up ${(row.now / row.now2).toFixed(2)}×)` : ''}`
    + `${before ? `, before ${f(row.before)}, now/before ${(row.now / row.before).toFixed(2)}${row.now2 ? `, now2/before ${(row.now2 / row.before).toFixed(2)}` : ''}` : ''} (${steps} steps × ${reps})`);
  if (profile) {
    const e = engines[0][1];
    const B = c.B;
    if (!e.net.forward) continue;
    const parts = { forward: 0, backward: 0, update: 0 };
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      e.net.load(new Float32Array(c.B * c.T), new Float32Array(c.B), undefined, 0, B);
      e.net.forward(B, true);
      e.net.loss(B, 'mse');
      const t1 = performance.now();
      e.net.backward(B);
      const t2 = performance.now();
      e.opt.step(e.net.params, e.net.grads);
      const t3 = performance.now();
      parts.forward += t1 - t0; parts.backward += t2 - t1; parts.update += t3 - t2;
    }
    console.log(`  profile per step: ${Object.entries(parts).map(([k, v]) => `${k} ${(v / steps).toFixed(3)} ms`).join(', ')}`);
  }
  for (const [, e] of engines) await e.net.close?.();
}
load.push(loadavg()[0]);
const command = `${before ? `BEFORE=${process.env.BEFORE} ` : ''}node bench/fused-large.js ${args.join(' ')}`.trim();
const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; Node ${process.versions.node}`;
const out = join(import.meta.dirname, 'results', 'fused-large');
writeFileSync(`${out}.json`, `${JSON.stringify({ command, date, machine, reps, loadAverage: load, rows }, null, 2)}\n`);
const f = (v) => (v === undefined ? '—' : v.toFixed(3));
const r2 = (a, b) => (a === undefined || b === undefined ? '—' : (a / b).toFixed(2));
writeFileSync(`${out}.md`, [
  '# Fused engine at batch 32 and large hidden sizes: milliseconds per optimizer step',
  '',
  `Produced by \`${command}\` on ${date} — ${machine}; 1-minute load average ${load.map((x) => x.toFixed(1)).join(' → ')} `
    + '(a shared machine: compare the ratios within this run). Median over the reps, engines alternating in one process.',
  '',
  'now = float32 engine (f32x4 products and activations; above 16 rows as 16-row chunks, 1 or 2 threads, identical bits); '
    + 'before = the float64 engine it replaced (BEFORE=, a build of packages/kernels/dist from before).',
  '',
  'Wall ms per step:',
  '',
  '| case | now, 1 thread | now, 2 threads | before | now ÷ before | now 2 threads ÷ before | 1 → 2 threads speed-up |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.case} | ${f(r.now)} | ${f(r.now2)} | ${f(r.before)} | ${r2(r.now, r.before)} | ${r2(r.now2, r.before)} | ${r2(r.now, r.now2)} |`),
  '',
  'Process CPU ms per step (all threads; the work itself, less sensitive to the load than wall time):',
  '',
  '| case | now, 1 thread | now, 2 threads | before | now ÷ before |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.case} | ${f(r.nowCpu)} | ${f(r.now2Cpu)} | ${f(r.beforeCpu)} | ${r2(r.nowCpu, r.beforeCpu)} |`),
  '',
].join('\n'));
console.log(JSON.stringify(rows));
