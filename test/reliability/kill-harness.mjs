#!/usr/bin/env node
/**
 * Crash-safety harness: runs `seqpipe run` on a small pipeline and kills it with SIGKILL at seeded
 * moments spread over the whole run (startup, data stages, training, evaluation, model export,
 * run-record writes). After each kill:
 *   - every stored object's name is the sha256 of its bytes, every key manifest parses and points
 *     at an object that verifies;
 *   - the killed run is incomplete (no run.json) — or, if the kill came after run.json was
 *     written, a complete success record;
 *   - the next run succeeds with the same metrics and predictions as an uninterrupted run.
 *
 *   node test/reliability/kill-harness.mjs [--trials 50] [--seed 1] [--out FILE.md]
 *
 * Half the trials die at stratified times: the k-th of m at (k + u)/m of the measured run time, u
 * from a seeded generator, so they cover the run evenly. The short phases are aimed at from the
 * progress output: a quarter die within 30 ms after the first data stage starts (data stages and
 * their artifact writes), a quarter within 60 ms after the last stage ends (model export and the
 * run-record writes). A seed reproduces the plan; the machine's timing decides the exact moment.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'packages/cli/bin/seqpipe.js');
const PIPELINE = join(ROOT, 'test/fixtures/tiny-rnn.yaml');
/** Enough epochs that training is a real share of the run, few enough to stay quick. */
const SETS = ['--set', 'train.epochs=6'];

/** mulberry32: a tiny seeded generator (the harness must be reproducible, not Math.random). */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function start(stateDir) {
  const child = spawn(process.execPath, [BIN, 'run', PIPELINE, ...SETS, '--state-dir', stateDir, '--json'], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited, stderr: () => stderr };
}

/** Which part of the run the progress printed so far says was going on. */
function phaseOf(stderr) {
  if (/^run \S+ (success|failed|interrupted)/m.test(stderr)) return 'after the summary';
  const running = new Map();
  for (const m of stderr.matchAll(/^ {2}([▶✓✗·]) (\S+)/gm)) running.set(m[2], m[1] === '▶');
  const active = [...running].filter(([, on]) => on).map(([id]) => id);
  if (running.size === 0) return 'startup/validation';
  if (active.includes('train')) return /epoch +\d+\//.test(stderr.split('▶ train').at(-1) ?? '') ? 'training' : 'training setup';
  if (active.length) return active.some((id) => /test|next/.test(id)) ? 'evaluation/prediction' : 'data stages';
  const done = [...running.keys()];
  if (done.includes('test') && done.includes('next') && done.includes('naive_test')) return 'model export/run record';
  return 'between stages';
}

/** The last stages of the fixture to end; after them come model export and run.json. */
const LAST_STAGES = /(?=[\s\S]*✓ test )(?=[\s\S]*✓ next )(?=[\s\S]*✓ naive_test )/;

/** When trial i dies: stratified over the run, or aimed just after a progress line. */
function planOf(i, trials, rng, duration) {
  const u = rng();
  if (i % 4 === 2) return { after: /▶ series /, delay: u * 30, label: 'the first data stage started' };
  if (i % 4 === 3) return { after: LAST_STAGES, delay: u * 60, label: 'the last stage ended' };
  const timed = Math.ceil(trials / 2);
  const k = Math.floor(i / 4) * 2 + (i % 4);
  return { delay: ((k + u) / timed) * duration * 1.05, label: 'start' };
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Problems found in the store: corrupt objects, unreadable manifests, keys to bad objects. */
export function storeProblems(stateDir) {
  const problems = [];
  const objects = join(stateDir, 'objects');
  const good = new Set();
  for (const shard of existsSync(objects) ? readdirSync(objects) : []) {
    for (const name of readdirSync(join(objects, shard))) {
      if (sha256(readFileSync(join(objects, shard, name))) === name) good.add(name);
      else problems.push(`object ${name} fails its digest`);
    }
  }
  const keys = join(stateDir, 'keys');
  for (const shard of existsSync(keys) ? readdirSync(keys) : []) {
    for (const name of readdirSync(join(keys, shard))) {
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(join(keys, shard, name), 'utf8'));
      } catch {
        problems.push(`manifest ${name} is not JSON`);
        continue;
      }
      if (!good.has(manifest.digest)) problems.push(`manifest ${name} points at a missing or corrupt object`);
    }
  }
  return problems;
}

/** Each run directory: complete (run.json, parsed) or incomplete. */
export function runsOf(stateDir) {
  const dir = join(stateDir, 'runs');
  return (existsSync(dir) ? readdirSync(dir) : []).map((id) => {
    const file = join(dir, id, 'run.json');
    return { id, record: existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined };
  });
}

const outcome = (stdout) => {
  const out = JSON.parse(stdout);
  return JSON.stringify({ status: out.status, metrics: out.metrics, predictions: out.predictions });
};

export async function runTrials({ trials = 50, seed = 1, log = () => {} } = {}) {
  const rng = seeded(seed);
  const base = mkdtempSync(join(tmpdir(), 'seqpipe-kill-'));
  try {
    // The uninterrupted reference: its duration spreads the kills, its results are the truth.
    const t0 = performance.now();
    const ref = await start(join(base, 'reference')).exited;
    const duration = performance.now() - t0;
    if (ref.code !== 0) throw new Error(`reference run failed: ${ref.stderr}`);
    const expected = outcome(ref.stdout);
    log(`reference run: ${(duration / 1000).toFixed(2)} s`);

    const results = [];
    for (let i = 0; i < trials; i++) {
      const stateDir = join(base, `trial-${i}`);
      // As in a state dir used before: the backend probe is known, so data stages run before
      // TensorFlow loads (and the kills reach them).
      mkdirSync(stateDir);
      copyFileSync(join(base, 'reference', 'backend.json'), join(stateDir, 'backend.json'));
      const plan = planOf(i, trials, rng, duration);
      const run = start(stateDir);
      let timer;
      const arm = () => (timer = setTimeout(() => run.child.kill('SIGKILL'), plan.delay));
      if (plan.after) {
        const onData = () => {
          if (!plan.after.test(run.stderr())) return;
          run.child.stderr.off('data', onData);
          arm();
        };
        run.child.stderr.on('data', onData);
      } else arm();
      const killedPhase = await new Promise((resolve) => {
        run.child.on('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? phaseOf(run.stderr()) : 'finished before the kill'));
      });
      clearTimeout(timer);
      await run.exited;
      const problems = storeProblems(stateDir);
      const runs = runsOf(stateDir);
      const wrongRecord = runs.filter((r) => r.record && r.record.status !== 'success');
      if (wrongRecord.length) problems.push(`killed run recorded as ${wrongRecord[0].record.status}`);
      const incomplete = runs.filter((r) => !r.record).length;
      const next = await start(stateDir).exited;
      if (next.code !== 0) problems.push(`next run exited ${next.code}: ${next.stderr.split('\n').at(-2)}`);
      else if (outcome(next.stdout) !== expected) problems.push('next run differs from the uninterrupted run');
      problems.push(...storeProblems(stateDir).map((p) => `after the next run: ${p}`));
      const result = { trial: i, delayMs: Math.round(plan.delay), phase: killedPhase, incomplete, problems };
      results.push(result);
      log(`trial ${i}: kill ${result.delayMs} ms after ${plan.label} during ${killedPhase}; ${problems.length ? `FAILED: ${problems.join('; ')}` : 'ok'}`);
      rmSync(stateDir, { recursive: true, force: true });
    }
    return { duration, results };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/** A markdown table: trials per phase, survived, data lost. */
export function summarize({ duration, results }, { seed, command }) {
  const phases = new Map();
  for (const r of results) {
    const p = phases.get(r.phase) ?? { trials: 0, survived: 0, incomplete: 0 };
    p.trials++;
    if (!r.problems.length) p.survived++;
    p.incomplete += r.incomplete;
    phases.set(r.phase, p);
  }
  const lost = results.filter((r) => r.problems.length).length;
  const ORDER = ['startup/validation', 'data stages', 'training setup', 'training', 'evaluation/prediction', 'between stages',
    'model export/run record', 'after the summary', 'finished before the kill'];
  const rank = (phase) => (ORDER.includes(phase) ? ORDER.indexOf(phase) : ORDER.length);
  const rows = [...phases].sort(([a], [b]) => rank(a) - rank(b)).map(([phase, p]) => `| ${phase} | ${p.trials} | ${p.survived} | ${p.incomplete} | ${p.trials - p.survived} |`);
  return [
    `Kill harness: ${results.length} trials, seed ${seed}, reference run ${(duration / 1000).toFixed(2)} s (\`${command}\`).`,
    '',
    '| killed during | trials | survived | incomplete runs left | data lost |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    `| **all** | ${results.length} | ${results.length - lost} | ${results.reduce((n, r) => n + r.incomplete, 0)} | ${lost} |`,
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '50' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
  const trials = Number(values.trials);
  const seed = Number(values.seed);
  const report = await runTrials({ trials, seed, log: (line) => console.error(line) });
  const table = summarize(report, { seed, command: `node test/reliability/kill-harness.mjs --trials ${trials} --seed ${seed}` });
  process.stdout.write(table);
  if (values.out) writeFileSync(values.out, table);
  process.exit(report.results.some((r) => r.problems.length) ? 1 : 0);
}
