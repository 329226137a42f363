#!/usr/bin/env node
/**
 * npm run bench: seqpipe on every engine and backend available here against the tutorial's own
 * Keras code, in whole processes, alternated (each repetition runs every runner once per case, in
 * a rotated order, so a slow minute on a shared machine does not land on one runner).
 *
 *   npm run bench -- [--quick] [--reps N] [--cases a,b] [--runners a,b] [--epochs-b1 N]
 *                    [--epochs-b32 N] [--epochs-large N] [--large-windows N] [--large-reps N]
 *                    [--large-cpu] [--torch-threads N] [--out NAME]
 *
 * Cases: rnn-b1, gru-b1, lstm-b1, rnn-b32, gru-b32, lstm-b32 (the tutorial: 50 units, lookback 10,
 * 791 train windows) and lstm2x128-b32 (2×128 LSTM, lookback 64, --large-windows windows).
 * Runners: keras (bench/keras, TF CPU), torch (bench/torch, PyTorch CPU at its default threads), fused (when trainer/tfjs accepts engine: fused),
 * tensorflow (tfjs-node, after npm run setup-native), wasm, cpu — each only where it works here.
 * The pure-JS cpu backend sits out the large model (it would take most of the budget) unless
 * --large-cpu. Writes bench/results/NAME.{md,json} (default NAME: bench, or bench-quick with --quick).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TORCH_MISSING, TORCH_PY, torchProvisioned } from './torch/client.js';

const root = join(import.meta.dirname, '..');
const BIN = join(root, 'packages/cli/bin/seqpipe.js');
const PIPELINE = join(root, 'pipelines/sine-rnn.yaml');
const KERAS_PY = join(root, 'bench/keras/.venv/bin/python');
// (bench/torch/client.js knows the torch venv.)

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    reps: { type: 'string' },
    cases: { type: 'string' },
    runners: { type: 'string' },
    'epochs-b1': { type: 'string' },
    'epochs-b32': { type: 'string' },
    'epochs-large': { type: 'string' },
    'large-windows': { type: 'string' },
    'large-cpu': { type: 'boolean', default: false },
    'large-reps': { type: 'string' },
    out: { type: 'string' },
    'torch-threads': { type: 'string' },
  },
});
// Full: estimated ≈35 min on 2 quiet cores with every runner (from the quick run's per-step
// times): ≈7 min per repetition of the tutorial cases, ≈14 min for one run of the large model,
// which therefore runs in the first repetition only (--large-reps). Quick: every row, fewer steps.
const preset = opt.quick
  ? { reps: 1, b1: 1, b32: 3, large: 1, largeWindows: 500 }
  : { reps: 3, b1: 3, b32: 20, large: 1, largeWindows: 10000 };
const reps = Number(opt.reps ?? preset.reps);
const epochs = { b1: Number(opt['epochs-b1'] ?? preset.b1), b32: Number(opt['epochs-b32'] ?? preset.b32), large: Number(opt['epochs-large'] ?? preset.large) };
const largeWindows = Number(opt['large-windows'] ?? preset.largeWindows);
const largeReps = Number(opt['large-reps'] ?? 1);
const outName = opt.out ?? (opt.quick ? 'bench-quick' : 'bench');

const tutorial = { points: 1000, lookback: 10, units: 50, layers: 1 };
const ALL_CASES = [
  { id: 'rnn-b1', cell: 'simpleRNN', batch: 1, epochs: epochs.b1, ...tutorial },
  { id: 'gru-b1', cell: 'gru', batch: 1, epochs: epochs.b1, ...tutorial },
  { id: 'lstm-b1', cell: 'lstm', batch: 1, epochs: epochs.b1, ...tutorial },
  { id: 'rnn-b32', cell: 'simpleRNN', batch: 32, epochs: epochs.b32, ...tutorial },
  { id: 'gru-b32', cell: 'gru', batch: 32, epochs: epochs.b32, ...tutorial },
  { id: 'lstm-b32', cell: 'lstm', batch: 32, epochs: epochs.b32, ...tutorial },
  // windows = points - lookback - 1 in both (the tutorial's range(len - lookback - 1)).
  { id: 'lstm2x128-b32', cell: 'lstm', batch: 32, epochs: epochs.large, points: largeWindows + 65, lookback: 64, units: 128, layers: 2 },
];
const cases = pick(ALL_CASES, opt.cases, 'case');

function pick(all, list, what) {
  if (!list) return all;
  const ids = list.split(',');
  const unknown = ids.filter((id) => !all.some((x) => x.id === id));
  if (unknown.length) throw new Error(`unknown ${what} ${unknown.join(', ')}; choose from ${all.map((x) => x.id).join(', ')}`);
  return all.filter((x) => ids.includes(x.id));
}

const state = mkdtempSync(join(tmpdir(), 'seqpipe-bench-'));
const haveTime = existsSync('/usr/bin/time');

/** Runs a whole process under /usr/bin/time for its peak RSS; returns stdout, stderr, wall, rss. */
function timed(cmd, args, env = {}) {
  const rssFile = join(state, 'rss');
  const [exe, argv] = haveTime ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  const started = process.hrtime.bigint();
  const r = spawnSync(exe, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...env } });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const rssMb = haveTime && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : null;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, wall, rssMb };
}

const seqpipeSets = (c) => [
  '--set', `model.layers=${JSON.stringify(Array.from({ length: c.layers }, () => ({ cell: c.cell, units: c.units })))}`,
  '--set', `train.batchSize=${c.batch}`, '--set', `train.epochs=${c.epochs}`,
  '--set', `series.points=${c.points}`, '--set', `windows.lookback=${c.lookback}`,
];

/** trainer/tfjs has an engine parameter once the fused engine has landed; probe by validating. */
function validates(sets) {
  return spawnSync(process.execPath, [BIN, 'validate', PIPELINE, ...sets], { cwd: root, encoding: 'utf8' }).status === 0;
}
const hasEngines = validates(['--set', 'train.engine=layers']);
const hasFused = validates(['--set', 'train.engine=fused']);

function nativeLoads() {
  const r = spawnSync(process.execPath, ['-e', "console.log(require('@tensorflow/tfjs-node').getBackend())"], {
    cwd: join(root, 'packages/tfjs'), encoding: 'utf8', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  return r.status === 0 && r.stdout.trim().endsWith('tensorflow');
}

function seqpipeRunner(id, { backend, engine }) {
  return {
    id,
    describe: engine === 'fused' ? 'seqpipe, fused engine' : `seqpipe, tfjs-layers on ${backend}`,
    run(c, rep) {
      const dir = join(state, `${id}-${c.id}-${rep}`);
      const engineSet = engine ? ['--set', `train.engine=${engine}`] : [];
      const r = timed(process.execPath, [BIN, 'run', PIPELINE, '--seed', '1', '--no-cache', '--state-dir', dir, '--json', ...seqpipeSets(c), ...engineSet],
        backend ? { SEQPIPE_BACKEND: backend } : {});
      rmSync(dir, { recursive: true, force: true });
      if (r.status !== 0) throw new Error(`${id} ${c.id} exited ${r.status}: ${r.stderr.slice(-2000)}`);
      const out = JSON.parse(r.stdout);
      // Progress lines "train epoch 3/20  loss …  0.17s": that epoch's wall time.
      const epochSeconds = [...r.stderr.matchAll(/ epoch +\d+\/\d+ .* ([\d.]+)s$/gm)].map((m) => Number(m[1]));
      const train = out.stages.find((s) => s.uses === 'trainer/tfjs');
      return { backend: out.backend, mse: out.metrics.test.mse, trainSeconds: train.seconds, epochSeconds, wall: r.wall, rssMb: r.rssMb };
    },
  };
}

const kerasRunner = {
  id: 'keras',
  describe: 'the tutorial\'s Keras code (bench/keras)',
  run(c) {
    const r = timed(KERAS_PY, [join(root, 'bench/keras/tutorial.py'), '--seed', '1', '--cell', c.cell, '--epochs', String(c.epochs),
      '--batch-size', String(c.batch), '--points', String(c.points), '--lookback', String(c.lookback), '--units', String(c.units), '--layers', String(c.layers)]);
    if (r.status !== 0) throw new Error(`keras ${c.id} exited ${r.status}: ${r.stderr.slice(-2000)}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    return { backend: `TF ${out.tf_version}`, mse: out.test_mse, trainSeconds: out.train_seconds, epochSeconds: out.epoch_seconds, wall: r.wall, rssMb: r.rssMb, tf: out.tf_version };
  },
};

const torchRunner = {
  id: 'torch',
  describe: `the tutorial in PyTorch CPU (bench/torch/tutorial.py, ${opt['torch-threads'] ? `${opt['torch-threads']} thread(s)` : 'default threads'})`,
  run(c) {
    const r = timed(TORCH_PY, [join(root, 'bench/torch/tutorial.py'), '--seed', '1', '--cell', c.cell, '--epochs', String(c.epochs),
      '--batch-size', String(c.batch), '--points', String(c.points), '--lookback', String(c.lookback), '--units', String(c.units), '--layers', String(c.layers),
      ...(opt['torch-threads'] ? ['--threads', opt['torch-threads']] : [])]);
    if (r.status !== 0) throw new Error(`torch ${c.id} exited ${r.status}: ${r.stderr.slice(-2000)}`);
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    return { backend: `PyTorch ${out.torch_version}, ${out.threads} threads`, mse: out.test_mse, trainSeconds: out.train_seconds, epochSeconds: out.epoch_seconds, wall: r.wall, rssMb: r.rssMb, torch: out.torch_version };
  },
};

// Every runner this machine can run, and why the others are left out.
const available = [], unavailable = [];
if (existsSync(KERAS_PY)) available.push(kerasRunner);
else unavailable.push('keras: no bench/keras/.venv (run bash bench/keras/setup.sh)');
if (torchProvisioned()) available.push(torchRunner);
else unavailable.push(TORCH_MISSING);
if (hasFused) available.push(seqpipeRunner('fused', { engine: 'fused' }));
else unavailable.push('fused: trainer/tfjs has no engine "fused" in this checkout');
const layers = hasEngines ? 'layers' : undefined;
if (nativeLoads()) available.push(seqpipeRunner('tensorflow', { backend: 'tensorflow', engine: layers }));
else unavailable.push('tensorflow: tfjs-node does not load (run npm run setup-native)');
available.push(seqpipeRunner('wasm', { backend: 'wasm', engine: layers }), seqpipeRunner('cpu', { backend: 'cpu', engine: layers }));
const runners = pick(available, opt.runners, 'runner');

const stepsPerEpoch = (c) => Math.ceil(Math.floor((c.points - c.lookback - 1) * 0.8) / c.batch);
const median = (xs) => {
  const s = xs.filter((x) => x != null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
const started = Date.now();
const loadBefore = loadavg();
console.error(`${command}: ${cases.length} cases × ${runners.length} runners (${runners.map((r) => r.id).join(', ')}) × ${reps} reps`);
for (const note of unavailable) console.error(`  not run — ${note}`);

const runs = [];
for (let rep = 1; rep <= reps; rep++) {
  for (const c of cases) {
    // Rotate the order each repetition and case: alternation, not blocks.
    const shift = (rep - 1 + cases.indexOf(c)) % runners.length;
    for (const runner of [...runners.slice(shift), ...runners.slice(0, shift)]) {
      if (c.layers > 1 && (rep > largeReps || (runner.id === 'cpu' && !opt['large-cpu']))) continue;
      const r = runner.run(c, rep);
      // Median epoch over the fit: the first epoch carries warm-up (graph tracing, kernel set-up).
      const perStepMs = (median(r.epochSeconds) * 1000) / stepsPerEpoch(c);
      runs.push({ case: c.id, runner: runner.id, rep, ...r, perStepMs });
      console.error(`  rep ${rep} ${c.id.padEnd(14)} ${runner.id.padEnd(10)} ${perStepMs.toFixed(2).padStart(8)} ms/step  train ${r.trainSeconds.toFixed(1)}s  wall ${r.wall.toFixed(1)}s  mse ${r.mse.toExponential(2)}  rss ${r.rssMb?.toFixed(0)} MB`);
    }
  }
}
rmSync(state, { recursive: true, force: true });

const rows = cases.flatMap((c) => {
  const of = (id) => runs.filter((r) => r.case === c.id && r.runner === id);
  const kerasWall = median(of('keras').map((r) => r.wall));
  const kerasStep = median(of('keras').map((r) => r.perStepMs));
  const torchStep = median(of('torch').map((r) => r.perStepMs));
  return runners.filter((runner) => of(runner.id).length).map((runner) => {
    const rs = of(runner.id);
    const row = {
      case: c.id, runner: runner.id, backend: rs[0].backend, reps: rs.length,
      perStepMs: median(rs.map((r) => r.perStepMs)), trainSeconds: median(rs.map((r) => r.trainSeconds)),
      totalSeconds: median(rs.map((r) => r.wall)), mse: median(rs.map((r) => r.mse)), peakRssMb: median(rs.map((r) => r.rssMb)),
    };
    return { ...row, stepRatioToKeras: kerasStep ? row.perStepMs / kerasStep : null, totalRatioToKeras: kerasWall ? row.totalSeconds / kerasWall : null, stepRatioToTorch: torchStep ? row.perStepMs / torchStep : null };
  });
});

const tfjsVersion = JSON.parse(readFileSync(join(root, 'node_modules/@tensorflow/tfjs-core/package.json'), 'utf8')).version;
const nativeStamp = join(root, 'node_modules/@tensorflow/tfjs-node/deps/seqpipe-native.json');
const machine = {
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version,
  tfjs: tfjsVersion, tfjsNodeLibtensorflow: existsSync(nativeStamp) ? JSON.parse(readFileSync(nativeStamp, 'utf8')).wheel : null,
  kerasTensorflow: runs.find((r) => r.tf)?.tf ?? null,
  torch: runs.find((r) => r.torch)?.torch ?? null,
  // A shared machine's other work slows every runner; alternation keeps the ratios fair, not the absolute times.
  loadAverage: { start: loadBefore.map((x) => Number(x.toFixed(1))), end: loadavg().map((x) => Number(x.toFixed(1))) },
};
const meta = {
  command, date: new Date(started).toISOString(), minutes: Number(((Date.now() - started) / 60000).toFixed(1)), machine, reps, epochs, largeWindows,
  cases: cases.map((c) => ({ ...c, trainWindows: Math.floor((c.points - c.lookback - 1) * 0.8), stepsPerEpoch: stepsPerEpoch(c) })),
  runners: runners.map((r) => ({ id: r.id, what: r.describe })), notRun: unavailable,
};
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, `bench/results/${outName}.json`), `${JSON.stringify({ ...meta, rows, runs }, null, 2)}\n`);

const f = (x, d = 2) => (x == null ? '—' : x.toFixed(d));
const md = [
  `# seqpipe vs Keras and PyTorch: engines and backends`, '',
  `Command: \`${command}\` — ${meta.date.slice(0, 16).replace('T', ' ')} UTC, ${meta.minutes} min.`,
  `Machine: ${machine.cpus}, ${machine.memoryGb} GB; Node ${machine.node}; tfjs ${machine.tfjs}; tfjs-node's libtensorflow from ${machine.tfjsNodeLibtensorflow ?? '(not provisioned)'}; Keras on TensorFlow ${machine.kerasTensorflow ?? '—'} (2 intra-op threads); PyTorch ${machine.torch ?? '—'} (default threads). Load average (1/5/15 min) at start ${machine.loadAverage.start.join(' / ')}, at end ${machine.loadAverage.end.join(' / ')}.`,
  '',
  `Every number is the median of ${reps} repetition(s) (the large model: ${Math.min(reps, largeReps)}), each a whole process, runners alternated in rotating order. Epochs: ${epochs.b1} at batch 1, ${epochs.b32} at batch 32, ${epochs.large} on the large model (${largeWindows} windows).`,
  '**ms/step**: the median epoch\'s wall time (epoch 1 carries warm-up) ÷ optimizer steps per epoch. **train s**: the whole fit. **total s**: the process, start to exit (loading, data, fit, evaluation). **× Keras**: ms/step and total s over the Keras row of the same case; **× torch**: ms/step over the PyTorch row (its default threads; on a loaded machine its spinning threads stall, see torch-steps.md). **MSE**: scaled test MSE after these few epochs (not the 50-epoch tutorial accuracy). **RSS**: peak resident memory of the process.',
  '',
  '| case | runner | ms/step | × Keras (step) | × torch (step) | train s | total s | × Keras (total) | test MSE | peak RSS MB |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.case} | ${r.runner} | ${f(r.perStepMs)} | ${f(r.stepRatioToKeras)} | ${f(r.stepRatioToTorch)} | ${f(r.trainSeconds, 1)} | ${f(r.totalSeconds, 1)} | ${f(r.totalRatioToKeras)} | ${r.mse.toExponential(2)} | ${f(r.peakRssMb, 0)} |`),
  '',
  'Cases (train windows / steps per epoch): ' + meta.cases.map((c) => `${c.id} ${c.layers}×${c.units} ${c.cell}, lookback ${c.lookback} (${c.trainWindows} / ${c.stepsPerEpoch})`).join('; ') + '.',
  'Runners: ' + meta.runners.map((r) => `${r.id} = ${r.what}`).join('; ') + '.',
  ...(unavailable.length ? [`Not run here: ${unavailable.join('; ')}.`] : []),
  ...(runners.some((r) => r.id === 'cpu') && cases.some((c) => c.layers > 1) && !opt['large-cpu'] ? ['The cpu backend sat out the large model (add --large-cpu to include it).'] : []),
  '',
].join('\n');
writeFileSync(join(root, `bench/results/${outName}.md`), md);
process.stdout.write(md);
