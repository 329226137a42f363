#!/usr/bin/env node
/**
 * The panel case of issue 17: one epoch of a global model over an M4-Hourly-sized panel, seqpipe's
 * fused engine against PyTorch CPU, each side a whole process under /usr/bin/time (peak RSS), run
 * one after the other in a rotated order per repetition.
 *
 * Panel (synthetic, deterministic, no Math.random): 414 series (M4 Hourly's count) × 940 rows, each
 * series a level + daily and weekly seasonality + LCG noise, scaled to about [0, 1]. Windows: every
 * first target row with lookback 168 (a week) and horizon 48 inside its series: 414 × 725 = 300,150
 * windows. Model GRU(32) + Dense(48), Adam 0.001, MSE, batch 64, shuffled: 4,690 steps.
 * seqpipe: the trainer/tfjs stage (engine fused) through the package API on a Windows panel.
 * PyTorch: bench/torch/panel.py on the same rows (written here as float32), batches gathered from the rows.
 *
 *   node bench/torch-panel.js [--series 414] [--rows 940] [--lookback 168] [--horizon 48] [--cell gru]
 *                             [--units 32] [--batch 64] [--reps 1] [--torch-threads default,1]
 *                             [--trainer '{}'] [--out torch-panel]
 *   (internal) node bench/torch-panel.js --child DIR ...   # the seqpipe side, one JSON line
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TORCH_MISSING, TORCH_PY, torchProvisioned } from './torch/client.js';

const root = join(import.meta.dirname, '..');
const { values: opt } = parseArgs({
  options: {
    child: { type: 'string' }, series: { type: 'string', default: '414' }, rows: { type: 'string', default: '940' },
    lookback: { type: 'string', default: '168' }, horizon: { type: 'string', default: '48' }, cell: { type: 'string', default: 'gru' },
    units: { type: 'string', default: '32' }, batch: { type: 'string', default: '64' }, reps: { type: 'string', default: '1' },
    'torch-threads': { type: 'string', default: 'default,1' }, trainer: { type: 'string', default: '{}' }, out: { type: 'string', default: 'torch-panel' },
  },
});
const shape = { lookback: Number(opt.lookback), horizon: Number(opt.horizon), cell: opt.cell, units: Number(opt.units), batch: Number(opt.batch) };

const vmhwmMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;

if (opt.child) {
  // The seqpipe side: Windows over the written rows, one epoch of trainer/tfjs on the fused engine.
  const t0 = performance.now();
  const { testContext } = await import('@seqpipe/core');
  const { tfjsTrainerStage } = await import('@seqpipe/tfjs');
  const buf = readFileSync(join(opt.child, 'rows.f32'));
  const data = Float64Array.from(new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4));
  const ob = readFileSync(join(opt.child, 'offsets.i32'));
  const offsets = Int32Array.from(new Int32Array(ob.buffer, ob.byteOffset, ob.byteLength / 4));
  const { lookback: L, horizon: H } = shape;
  const index = [];
  for (let s = 0; s + 1 < offsets.length; s++) for (let r = offsets[s] + L; r + H <= offsets[s + 1]; r++) index.push(r);
  const ids = Array.from({ length: offsets.length - 1 }, (_, s) => `S${s + 1}`);
  const w = (idx) => ({ kind: 'windows', columns: ['y'], targetColumns: [0], lookback: L, horizon: H, count: idx.length, data, rows: data.length, index: Int32Array.from(idx), transforms: [], ids, offsets });
  const split = { kind: 'split', train: w(index), test: w(index.slice(0, 1)) };
  const spec = { kind: 'model-spec', head: { activation: 'linear' }, layers: [{ cell: shape.cell, units: shape.units, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 }] };
  const ctx = testContext('train', 1);
  const setup = (performance.now() - t0) / 1000;
  const f = await tfjsTrainerStage.run(ctx, { model: spec, data: split }, {
    optimizer: 'adam', learningRate: 0.001, loss: 'mse', epochs: 1, batchSize: shape.batch, shuffle: true, engine: 'fused', ...JSON.parse(opt.trainer),
  });
  const epoch = ctx.events.find((e) => e.type === 'epoch');
  const steps = Math.ceil(index.length / shape.batch);
  const threads = JSON.parse(opt.trainer).threads;
  process.stdout.write(`${JSON.stringify({ engine: f.summary.engine, kernels: f.summary.kernels ?? 'wasm', threads, windows: index.length, steps, epoch_seconds: epoch.seconds, ms_per_step: (epoch.seconds * 1000) / steps, setup_seconds: setup, loss: epoch.loss, vmhwm_mb: vmhwmMb() })}\n`);
  process.exit(0);
}

/** The synthetic panel: float32 rows and int32 offsets (Int32Array of series + 1). */
function writePanel(dir, series, rows) {
  const values = new Float32Array(series * rows);
  let seed = 12345;
  const noise = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) - 0.5; // LCG, not Math.random
  for (let s = 0; s < series; s++) {
    const level = 0.3 + 0.4 * ((s * 37) % 100) / 100;
    const amp = 0.05 + 0.15 * ((s * 53) % 100) / 100;
    const phase = (s % 24) / 24;
    for (let t = 0; t < rows; t++) {
      values[s * rows + t] = level + amp * Math.sin(2 * Math.PI * (t / 24 + phase)) + 0.3 * amp * Math.sin((2 * Math.PI * t) / 168) + 0.05 * noise();
    }
  }
  writeFileSync(join(dir, 'rows.f32'), values);
  writeFileSync(join(dir, 'offsets.i32'), Int32Array.from({ length: series + 1 }, (_, s) => s * rows));
}

const command = `node bench/torch-panel.js${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
const dir = mkdtempSync(join(tmpdir(), 'seqpipe-torch-panel-'));
const series = Number(opt.series);
const rowsPer = Number(opt.rows);
writePanel(dir, series, rowsPer);
const haveTime = existsSync('/usr/bin/time');

/** A whole process under /usr/bin/time: its JSON line, wall seconds and peak RSS (MB). */
function timed(cmd, args, cwd = root) {
  const rssFile = join(dir, 'rss');
  const [exe, argv] = haveTime ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(exe, argv, { cwd, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1));
  return { ...out, wall, rssMb: haveTime ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) / 1024 : null };
}
const shapeArgs = ['--lookback', opt.lookback, '--horizon', opt.horizon, '--cell', opt.cell, '--units', opt.units, '--batch', opt.batch];
// seqpipe at every core (`threads` = the core count) and at 1 thread: the same bytes either way.
const seqSide = (threads) => ({ id: `seqpipe${threads}`, threads, run: () => timed(process.execPath, [join(root, 'bench/torch-panel.js'), '--child', dir, '--trainer', JSON.stringify({ threads, ...JSON.parse(opt.trainer) }), ...shapeArgs]) });
const sides = [...new Set([cpus().length, 1])].map(seqSide);
const notes = [];
if (torchProvisioned()) {
  const torchSide = (threads) => ({ id: `torch${threads ?? ''}`, threads, run: () => timed(TORCH_PY, [join(root, 'bench/torch/panel.py'), dir, ...shapeArgs, ...(threads ? ['--threads', String(threads)] : [])], join(root, 'bench/torch')) });
  for (const t of opt['torch-threads'].split(',')) sides.push(torchSide(t === 'default' ? undefined : Number(t)));
  if (!opt['torch-threads'].split(',').includes('default')) {
    notes.push(`PyTorch at its default thread count not run (--torch-threads ${opt['torch-threads']}): on a loaded shared machine its OpenMP threads stall at barriers, `
      + 'a step can take 20–30× its 1-thread time (torch-steps.md), which would make the epoch hours long');
  }
} else notes.push(`not run — ${TORCH_MISSING}`);

const load = { start: loadavg() };
const started = Date.now();
const runs = [];
for (let rep = 1; rep <= Number(opt.reps); rep++) {
  const shift = (rep - 1) % sides.length;
  for (const side of [...sides.slice(shift), ...sides.slice(0, shift)]) {
    const r = side.run();
    runs.push({ side: side.id, rep, ...r, load1: loadavg()[0] });
    console.error(`  rep ${rep} ${side.id.padEnd(8)} epoch ${r.epoch_seconds.toFixed(1)} s  ${r.ms_per_step.toFixed(2)} ms/step  wall ${r.wall.toFixed(1)} s  peak RSS ${r.rssMb?.toFixed(0)} MB  loss ${r.loss.toExponential(2)}`);
  }
}
load.end = loadavg();
rmSync(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const row = (id) => {
  const rs = runs.filter((r) => r.side === id);
  return rs.length ? { side: id, threads: rs[0].threads ?? 1, ...(rs[0].kernels ? { kernels: rs[0].kernels } : {}), epochSeconds: median(rs.map((r) => r.epoch_seconds)), msPerStep: median(rs.map((r) => r.ms_per_step)), wall: median(rs.map((r) => r.wall)), rssMb: median(rs.map((r) => r.rssMb ?? NaN)), vmhwmMb: median(rs.map((r) => r.vmhwm_mb)), loss: median(rs.map((r) => r.loss)) } : undefined;
};
const rows = sides.map((s) => row(s.id)).filter(Boolean);
const seq = rows[0];
const torchInfo = runs.find((r) => r.torch);
const windows = runs[0].windows;
const date = new Date(started).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const machine = `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; PyTorch ${torchInfo?.torch ?? '—'} (default threads ${torchInfo?.default_threads ?? '—'})`;
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, `bench/results/${opt.out}.json`), `${JSON.stringify({ command, date, machine, loadAverage: load, series, rowsPerSeries: rowsPer, windows, ...shape, notes, rows, runs }, null, 2)}\n`);
const f = (x, d = 1) => (x == null || !Number.isFinite(x) ? '—' : x.toFixed(d));
const la = (xs) => xs.map((x) => x.toFixed(1)).join(' / ');
const label = (r) => (r.side.startsWith('seqpipe') ? `seqpipe (fused engine, float32, ${r.kernels ?? 'wasm'} kernels, ${r.threads} thread${r.threads > 1 ? 's' : ''})` : `PyTorch, ${r.side === 'torch1' ? '1 thread' : r.threads ? `${r.threads} threads` : `default threads (${torchInfo?.default_threads ?? '?'})`}`);
const md = [
  '# Panel epoch: seqpipe against PyTorch CPU',
  '',
  `Command: \`${command}\` — ${date}. ${machine}. Load average (1/5/15 min) at start ${la(load.start)}, at end ${la(load.end)} (shared machine: the sides ran one after another, so load differences land on one side).`,
  '',
  `One epoch of a global ${shape.cell.toUpperCase()}(${shape.units}) + Dense(${shape.horizon}) over a synthetic panel of ${series} series × ${rowsPer} rows (M4 Hourly has 414 series of 700–960 training rows): `
    + `every window with lookback ${shape.lookback} and horizon ${shape.horizon} inside its series, ${windows.toLocaleString('en')} windows, batch ${shape.batch} (${Math.ceil(windows / shape.batch).toLocaleString('en')} steps), Adam 0.001, MSE, shuffled, float32 batches. `
    + 'seqpipe: `trainer/tfjs` with engine fused through the package API on a Windows panel; PyTorch: `bench/torch/panel.py`, batches gathered from the same rows. '
    + 'Each side is its own process; peak RSS from /usr/bin/time (the whole process: runtime, data, model), VmHWM read by the process at the end beside it. '
    + `Median of ${opt.reps} repetition(s).`,
  '',
  `| side | epoch s | ms/step | ratio seqpipe (${seq.threads} threads) ÷ this | process wall s | peak RSS MB | VmHWM MB | epoch loss |`,
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${label(r)} | ${f(r.epochSeconds)} | ${f(r.msPerStep, 2)} | ${r === seq ? '—' : f(seq.epochSeconds / r.epochSeconds, 2)} | ${f(r.wall)} | ${f(r.rssMb, 0)} | ${f(r.vmhwmMb, 0)} | ${r.loss.toExponential(3)} |`),
  '',
  ...notes.map((n) => `Note: ${n}.`),
].join('\n');
writeFileSync(join(root, `bench/results/${opt.out}.md`), `${md}\n`);
process.stdout.write(`${md}\n`);
