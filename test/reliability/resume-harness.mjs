#!/usr/bin/env node
/**
 * Resume harness: SIGKILL `seqpipe run` during training once a checkpoint exists, then run again.
 * The fixture trains long enough (400 epochs at batch 1, a checkpoint every 5) for the kill to land
 * in training. The harness polls the state dir for the checkpoint's manifest (no blind sleep),
 * then kills at a seeded delay within the next 0.25 s. After each kill:
 *   - the store verifies (every object hashes to its name, every manifest points at one);
 *   - the killed run left no run.json;
 *   - the next run succeeds, says it resumed (`resumedFrom` in --json) from the epoch of the
 *     checkpoint found on disk after the kill, and its metrics and forecasts equal an
 *     uninterrupted run's exactly;
 *   - no checkpoint is left once it completed.
 *
 *   node test/reliability/resume-harness.mjs [--trials 10] [--seed 1] [--out FILE.md]
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runsOf, seeded, storeProblems } from './kill-harness.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'packages/cli/bin/seqpipe.js');
const PIPELINE = join(ROOT, 'test/fixtures/tiny-rnn.yaml');
export const RESUME_SETS = ['--set', 'train.epochs=400', '--set', 'train.batchSize=1', '--set', 'train.checkpointEvery=5'];

export function startRun(stateDir, extra = []) {
  const child = spawn(process.execPath, [BIN, 'run', PIPELINE, ...RESUME_SETS, ...extra, '--state-dir', stateDir, '--json'], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}

/** The checkpoint manifests in a state dir, parsed (a manifest is written atomically: whole or absent). */
export function checkpointsIn(stateDir) {
  const dir = join(stateDir, 'checkpoints');
  const out = [];
  for (const shard of existsSync(dir) ? readdirSync(dir) : []) {
    for (const name of readdirSync(join(dir, shard))) out.push(JSON.parse(readFileSync(join(dir, shard, name), 'utf8')));
  }
  return out;
}

/** Resolves once a checkpoint manifest exists (true) or the run ended first (false). */
export function whenCheckpointed(stateDir, run) {
  return new Promise((resolve) => {
    let done = false;
    run.exited.then(() => { done = true; resolve(false); });
    const poll = () => {
      if (done) return;
      if (checkpointsIn(stateDir).length) resolve(true);
      else setTimeout(poll, 5);
    };
    poll();
  });
}

export const outcomeOf = (out) => JSON.stringify({ status: out.status, metrics: out.metrics, predictions: out.predictions });

export async function runResumeTrials({ trials = 10, seed = 1, log = () => {} } = {}) {
  const rng = seeded(seed);
  const base = mkdtempSync(join(tmpdir(), 'seqpipe-resume-'));
  try {
    const ref = await startRun(join(base, 'reference')).exited;
    if (ref.code !== 0) throw new Error(`reference run failed: ${ref.stderr}`);
    const expected = outcomeOf(JSON.parse(ref.stdout));
    const results = [];
    for (let i = 0; i < trials; i++) {
      const stateDir = join(base, `trial-${i}`);
      mkdirSync(stateDir);
      copyFileSync(join(base, 'reference', 'backend.json'), join(stateDir, 'backend.json'));
      const delayMs = Math.round(rng() * 250);
      const run = startRun(stateDir);
      const problems = [];
      const seen = await whenCheckpointed(stateDir, run);
      if (seen) setTimeout(() => run.child.kill('SIGKILL'), delayMs);
      const killed = await run.exited;
      if (!seen || killed.signal !== 'SIGKILL') problems.push('the run finished before it could be killed after a checkpoint');
      problems.push(...storeProblems(stateDir));
      if (runsOf(stateDir).some((r) => r.record)) problems.push('the killed run left a run.json');
      const on = checkpointsIn(stateDir)[0];
      const next = await startRun(stateDir).exited;
      let resumedFrom;
      if (next.code !== 0) problems.push(`next run exited ${next.code}: ${next.stderr.split('\n').at(-2)}`);
      else {
        const out = JSON.parse(next.stdout);
        resumedFrom = out.stages.find((s) => s.id === 'train')?.resumedFrom;
        if (outcomeOf(out) !== expected) problems.push('next run differs from the uninterrupted run');
        if (on && resumedFrom?.epoch !== on.epoch) problems.push(`next run resumed from ${JSON.stringify(resumedFrom)}, the checkpoint was at epoch ${on.epoch}`);
        if (!on) problems.push('no checkpoint was left to resume from');
      }
      if (checkpointsIn(stateDir).length) problems.push('a checkpoint is left after the stage completed');
      problems.push(...storeProblems(stateDir).map((p) => `after the next run: ${p}`));
      results.push({ trial: i, delayMs, resumedFrom, problems });
      log(`trial ${i}: kill ${delayMs} ms after a checkpoint existed; resumed from epoch ${resumedFrom?.epoch ?? '-'}; ${problems.length ? `FAILED: ${problems.join('; ')}` : 'ok'}`);
      rmSync(stateDir, { recursive: true, force: true });
    }
    return { results };
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '10' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
  const trials = Number(values.trials);
  const seed = Number(values.seed);
  const { results } = await runResumeTrials({ trials, seed, log: (line) => console.error(line) });
  const lost = results.filter((r) => r.problems.length).length;
  const epochs = results.map((r) => r.resumedFrom?.epoch).filter((e) => e !== undefined);
  const table = [
    '| fault | trials | survived | data lost | command |',
    '| --- | --- | --- | --- | --- |',
    `| SIGKILL during training after a checkpoint; next run resumes (from epochs ${Math.min(...epochs)}–${Math.max(...epochs)} of 400) | ${results.length} | ${results.length - lost} | ${lost} | \`node test/reliability/resume-harness.mjs --trials ${trials} --seed ${seed}\` |`,
    '',
  ].join('\n');
  process.stdout.write(table);
  if (values.out) writeFileSync(values.out, table);
  process.exit(lost ? 1 : 0);
}
