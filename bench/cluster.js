#!/usr/bin/env node
/**
 * Cluster scaling and queue overhead, on this one machine (needs redis-server on PATH:
 * `bash scripts/install-redis.sh`; starts its own on a free loopback port, no persistence).
 *
 * 1. A 12-variant sweep of the tutorial (3 cells × seeds 1..4, reduced epochs) run locally with
 *    --jobs 1 and --jobs 2, and through the queue with 1, 2 and 4 `seqpipe worker` processes
 *    (concurrency 1 each), each from an empty state dir; workers are started (and TensorFlow-free
 *    stages warmed) before the clock starts. Wall, and CPU seconds of the sweep process plus its
 *    workers, so scaling can be told from contention on a shared machine.
 * 2. Queue overhead per job: N trivial jobs (source/sine, distinct params) one after another,
 *    in-process (runJob) vs through the queue to one worker; the difference per job is the round
 *    trip (Redis add, worker pick-up, events, the submitter's store check).
 *
 *   node bench/cluster.js [epochs=5] [trivialJobs=100]
 *   node bench/cluster.js --report    (re-render the .md from the .json)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'packages/cli/bin/seqpipe.js');
const out = (ext) => join(root, `bench/results/cluster.${ext}`);
const rerender = process.argv[2] === '--report';
const previous = rerender ? JSON.parse(readFileSync(out('json'), 'utf8')) : undefined;
const epochs = previous?.epochs ?? Number(process.argv[2] ?? 5);
const trivialJobs = previous?.trivialJobs ?? Number(process.argv[3] ?? 100);
const sweepArgs = ['pipelines/sine-rnn.yaml', '--grid', 'model.layers.0.cell=simpleRNN,gru,lstm', '--seeds', '1..4', '--set', `train.epochs=${epochs}`];
const configs = [
  { name: 'local --jobs 1', jobs: 1 },
  { name: 'local --jobs 2', jobs: 2 },
  { name: 'queue, 1 worker', workers: 1 },
  { name: 'queue, 2 workers', workers: 2 },
  { name: 'queue, 4 workers', workers: 4 },
];

/** CPU seconds (user + system) of a live process, or of this process's waited-for children. */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
function childCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function startRedis() {
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('redis-server is not installed: bash scripts/install-redis.sh');
  const port = await new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = s.address();
      s.close(() => resolve(p));
    });
  });
  const dir = mkdtempSync(join(tmpdir(), 'seqpipe-bench-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  process.on('exit', () => child.kill('SIGKILL'));
  for (let i = 0; i < 100 && spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() !== 'PONG'; i++) await new Promise((r) => setTimeout(r, 50));
  return { url: `redis://127.0.0.1:${port}`, stop: () => (child.kill('SIGKILL'), rmSync(dir, { recursive: true, force: true })) };
}

function startWorker(url, state) {
  const child = spawn(process.execPath, [bin, 'worker', '--queue', url, '--state-dir', state], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  process.on('exit', () => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ready = new Promise((resolve, reject) => {
    child.stderr.on('data', () => /worker ready/.test(stderr) && resolve());
    child.on('exit', () => reject(new Error(`worker exited: ${stderr}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { child, ready, stop: async () => (child.kill('SIGTERM'), await exited), stderr: () => stderr };
}

async function sweep(config, redis) {
  const state = mkdtempSync(join(tmpdir(), 'seqpipe-bench-cluster-'));
  const workers = Array.from({ length: config.workers ?? 0 }, () => startWorker(redis.url, state));
  await Promise.all(workers.map((w) => w.ready));
  const load = loadavg()[0];
  const workerCpu0 = workers.map((w) => cpuOf(w.child.pid));
  const cpu0 = childCpu();
  const started = process.hrtime.bigint();
  const where = config.workers ? ['--queue', redis.url] : ['--jobs', String(config.jobs)];
  const r = await new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'sweep', ...sweepArgs, ...where, '--state-dir', state, '--json'], { cwd: root });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const workersCpu = workers.reduce((a, w, i) => a + cpuOf(w.child.pid) - workerCpu0[i], 0);
  const cpu = childCpu() - cpu0 + workersCpu;
  await Promise.all(workers.map((w) => w.stop()));
  rmSync(state, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${config.name} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const result = JSON.parse(r.stdout);
  const ran = result.variants.flatMap((v) => v.stages.filter((s) => !s.cached));
  return {
    config: config.name, wall, cpu, loadBefore: load, jobs: ran.length,
    stageSeconds: ran.reduce((a, s) => a + s.seconds, 0),
    metrics: result.variants.map((v) => v.metrics.test),
  };
}

/** N trivial jobs in sequence, in-process and through the queue to one worker: seconds per job. */
async function roundTrip(redis) {
  const { ContentStore, runJob, jobSpec } = await import('@seqpipe/core');
  const { QueueRunner } = await import('@seqpipe/queue');
  const { Seqpipe } = await import('@seqpipe/cli');
  const version = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8')).version;
  const app = new Seqpipe({ stateDir: mkdtempSync(join(tmpdir(), 'seqpipe-bench-rt-')) });
  const loaded = await app.load(join(root, 'pipelines/sine-rnn.yaml'));
  const series = loaded.pipeline.stages.find((s) => s.id === 'series');
  const jobs = (offset) => Array.from({ length: trivialJobs }, (_, i) => jobSpec({
    definition: series.definition, stage: 'series', params: { ...series.params, points: 100 + offset + i }, seed: 0, inputs: {}, pipelineDir: root,
  }));
  const signal = new AbortController().signal;
  const time = async (list, run) => {
    const t0 = process.hrtime.bigint();
    for (const job of list) await run(job);
    return Number(process.hrtime.bigint() - t0) / 1e9 / list.length;
  };
  const localState = mkdtempSync(join(tmpdir(), 'seqpipe-bench-rt-local-'));
  const deps = { registry: app.registry, env: app.env, store: new ContentStore(localState) };
  const local = await time(jobs(0), (job) => runJob(job, deps, {}, signal));
  const queueState = mkdtempSync(join(tmpdir(), 'seqpipe-bench-rt-queue-'));
  const worker = startWorker(redis.url, queueState);
  await worker.ready;
  const runner = await QueueRunner.connect({ url: redis.url, version, store: new ContentStore(queueState) });
  await time(jobs(100_000).slice(0, 5), (job) => runner.run(job, {}, signal)); // warm-up
  const queued = await time(jobs(10_000), (job) => runner.run(job, {}, signal));
  // All at once: the queue's throughput with one worker (jobs overlap with their round trips).
  const batch = jobs(20_000);
  const t0 = process.hrtime.bigint();
  await Promise.all(batch.map((job) => runner.run(job, {}, signal)));
  const batched = Number(process.hrtime.bigint() - t0) / 1e9 / batch.length;
  await runner.close();
  await worker.stop();
  for (const d of [localState, queueState, app.stateDir]) rmSync(d, { recursive: true, force: true });
  return { jobs: trivialJobs, localSecondsPerJob: local, queueSecondsPerJob: queued, roundTripSeconds: queued - local, batchedSecondsPerJob: batched };
}

function report(runs, trip) {
  const base = runs.find((r) => r.config === configs[0].name);
  const one = runs.find((r) => r.config === 'queue, 1 worker');
  const identical = runs.every((r) => JSON.stringify(r.metrics) === JSON.stringify(runs[0].metrics));
  const machine = { cpus: cpus().length, model: cpus()[0]?.model, node: process.version };
  const command = `node bench/cluster.js ${epochs} ${trivialJobs}`;
  const result = { date: previous?.date ?? new Date().toISOString(), command, epochs, trivialJobs, sweep: `seqpipe sweep ${sweepArgs.join(' ')} (--jobs N | --queue URL)`, machine, runs, roundTrip: trip, identicalMetrics: identical };
  writeFileSync(out('json'), `${JSON.stringify(result, null, 2)}\n`);
  const ms = (s) => (s * 1000).toFixed(1);
  const md = [
    '# Cluster: a 12-variant sweep on 1, 2 and 4 queue workers vs local --jobs', '',
    `Command: \`${command}\` on ${result.date.slice(0, 16).replace('T', ' ')} UTC; ${machine.cpus} × ${machine.model}, Node ${machine.node}, Redis on loopback.`,
    `Each run: \`${result.sweep}\` from an empty state dir: 12 variants, ${base?.jobs ?? '?'} jobs (4 data stages, the naive baseline and its evaluator, 3 models, 12 trainers, 12 evaluators, 12 predictors). Workers (concurrency 1 each) are started before the clock starts.`, '',
    '| runner | wall s | vs local --jobs 1 | vs queue 1 worker | CPU s (sweep + workers) | Σ stage s |',
    '| --- | --- | --- | --- | --- | --- |',
    ...runs.map((r) => `| ${r.config} | ${r.wall.toFixed(1)} | ${(base.wall / r.wall).toFixed(2)}× | ${one ? (one.wall / r.wall).toFixed(2) : '–'}× | ${r.cpu.toFixed(1)} | ${r.stageSeconds.toFixed(1)} |`),
    '',
    ...(one && base ? [`Queue CPU overhead: (CPU of queue, 1 worker − CPU of local --jobs 1) / jobs = ${ms((one.cpu - base.cpu) / base.jobs)} ms per job (Redis's own CPU not counted)${one.cpu < base.cpu ? ': below zero, so within the noise of this shared machine' : ''}.`] : []),
    `This machine has ${machine.cpus} cores: beyond 2 workers the jobs share them, so 4 workers cannot beat 2 here; the rows show the queue's cost, not a cluster's speed. On separate hosts each worker brings its own cores.`,
    `Load average (1 min) before each run: ${runs.map((r) => r.loadBefore.toFixed(1)).join(', ')}. Wall times on a shared machine include other work; CPU s does not.`,
    `Test metrics of all 12 variants identical across every runner: ${identical}.`,
    '',
    ...(trip ? [
      `## Queue overhead per job (${trip.jobs} trivial \`source/sine\` jobs)`, '',
      '| | ms per job |', '| --- | --- |',
      `| in-process (runJob), one after another | ${ms(trip.localSecondsPerJob)} |`,
      `| through the queue to 1 worker, one after another | ${ms(trip.queueSecondsPerJob)} |`,
      `| **round trip (difference)** | **${ms(trip.roundTripSeconds)}** |`,
      `| through the queue, all submitted at once (throughput of 1 worker) | ${ms(trip.batchedSecondsPerJob)} |`,
      '',
      'The round trip is Redis add, the worker\'s pick-up, its completion, the QueueEvents notice and the submitter\'s check that the output is in its store.',
      '',
    ] : []),
  ].join('\n');
  writeFileSync(out('md'), md);
}

if (previous) {
  report(previous.runs, previous.roundTrip);
  process.exit(0);
}
const redis = await startRedis();
try {
  const runs = [];
  for (const config of configs) {
    const r = await sweep(config, redis);
    runs.push(r);
    report(runs);
    process.stderr.write(`${r.config}: wall ${r.wall.toFixed(1)}s, cpu ${r.cpu.toFixed(1)}s, stage seconds ${r.stageSeconds.toFixed(1)}, load ${r.loadBefore.toFixed(2)}\n`);
  }
  const trip = await roundTrip(redis);
  process.stderr.write(`round trip: ${(trip.roundTripSeconds * 1000).toFixed(1)} ms per job (local ${(trip.localSecondsPerJob * 1000).toFixed(1)}, queue ${(trip.queueSecondsPerJob * 1000).toFixed(1)}, batched ${(trip.batchedSecondsPerJob * 1000).toFixed(1)})\n`);
  report(runs, trip);
} finally {
  redis.stop();
}
process.exit(0);
