#!/usr/bin/env node
/**
 * Sweep parallelism: the same 3-cell × 3-seed sweep of the tutorial (reduced epochs, batch 1, so
 * training dominates) with --jobs 1 (in-process) and --jobs 2 (worker processes), alternating,
 * each from an empty state dir; also --jobs 2 on worker threads for comparison. Writes
 * bench/results/sweep-jobs.{json,md}.
 *
 *   node bench/sweep-jobs.js [rounds=2] [epochs=2]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const rounds = Number(process.argv[2] ?? 2);
const epochs = Number(process.argv[3] ?? 2);
const sweepArgs = ['pipelines/sine-rnn.yaml', '--grid', 'model.layers.0.cell=simpleRNN,gru,lstm', '--seeds', '1..3', '--set', `train.epochs=${epochs}`];
const configs = [
  { name: 'jobs 1 (in-process)', jobs: 1, env: {} },
  { name: 'jobs 2 (processes)', jobs: 2, env: {} },
  { name: 'jobs 2 (threads)', jobs: 2, env: { SEQPIPE_WORKER_TYPE: 'thread' } },
];

function sweep(config) {
  const state = mkdtempSync(join(tmpdir(), 'seqpipe-bench-sweep-'));
  const load = loadavg()[0];
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(root, 'packages/cli/bin/seqpipe.js'), 'sweep', ...sweepArgs, '--jobs', String(config.jobs), '--state-dir', state, '--json'],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...config.env } });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(state, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${config.name} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout);
  const ran = out.variants.flatMap((v) => v.stages.filter((s) => !s.cached));
  const trainers = ran.filter((s) => s.uses === 'trainer/tfjs').map((s) => s.seconds);
  return {
    config: config.name, jobs: config.jobs, wall, loadBefore: load,
    jobSeconds: ran.reduce((a, s) => a + s.seconds, 0), trainSeconds: trainers.reduce((a, b) => a + b, 0), trainers,
    metrics: out.variants.map((v) => v.metrics.test.mse),
  };
}

const runs = [];
for (let round = 1; round <= rounds; round++) {
  for (const config of configs) {
    const r = sweep(config);
    runs.push({ round, ...r });
    process.stderr.write(`round ${round} ${r.config}: wall ${r.wall.toFixed(1)}s, stage seconds ${r.jobSeconds.toFixed(1)} (training ${r.trainSeconds.toFixed(1)}), load ${r.loadBefore.toFixed(2)}\n`);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const of = (name) => runs.filter((r) => r.config === name);
const base = median(of(configs[0].name).map((r) => r.wall));
const summary = configs.map((c) => {
  const rs = of(c.name);
  const wall = median(rs.map((r) => r.wall));
  return { config: c.name, walls: rs.map((r) => r.wall), medianWall: wall, speedup: base / wall, medianTrainSeconds: median(rs.map((r) => r.trainSeconds)) };
});
const identical = runs.every((r) => JSON.stringify(r.metrics) === JSON.stringify(runs[0].metrics));
const machine = { cpus: cpus().length, model: cpus()[0]?.model, availableParallelism: availableParallelism(), node: process.version };
const command = `node bench/sweep-jobs.js ${rounds} ${epochs}`;
const result = { date: new Date().toISOString(), command, sweep: `seqpipe sweep ${sweepArgs.join(' ')} --jobs N`, machine, runs, summary, identicalMetrics: identical };
writeFileSync(join(root, 'bench/results/sweep-jobs.json'), `${JSON.stringify(result, null, 2)}\n`);

const notes = (() => {
  try {
    return readFileSync(join(root, 'bench/sweep-jobs.notes.md'), 'utf8');
  } catch {
    return '';
  }
})();
const md = [
  '# Sweep parallelism: --jobs 1 vs --jobs 2', '',
  `Command: \`${command}\` on ${result.date.slice(0, 16).replace('T', ' ')} UTC; ${machine.cpus} × ${machine.model}, Node ${machine.node}.`,
  `Each run: \`${result.sweep}\` from an empty state dir (9 variants: 4 data stages, 3 models, 9 trainers, 18 evaluators/predictors), runs alternating.`, '',
  '| runner | wall s per round | median wall s | speed-up vs jobs 1 | median Σ training s |',
  '| --- | --- | --- | --- | --- |',
  ...summary.map((s) => `| ${s.config} | ${s.walls.map((w) => w.toFixed(1)).join(', ')} | ${s.medianWall.toFixed(1)} | ${s.speedup.toFixed(2)}× | ${s.medianTrainSeconds.toFixed(1)} |`),
  '',
  `Load average (1 min) before each run: ${runs.map((r) => r.loadBefore.toFixed(1)).join(', ')} — the machine is shared, so these walls include other work.`,
  `Test MSE of all 9 variants identical across every run and runner: ${identical}.`,
  '',
  notes,
].join('\n');
writeFileSync(join(root, 'bench/results/sweep-jobs.md'), md);
