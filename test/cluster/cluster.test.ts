/**
 * The same plan on several `seqpipe worker` processes through BullMQ on a real Redis: a sweep
 * survives a worker SIGKILLed mid-job (the stalled job is retried on another worker) and a Redis
 * restart (nothing finished is redone), with metrics identical to a local sweep; a stage that
 * throws fails the run with its own located code. Skips without redis-server unless
 * SEQPIPE_REQUIRE_REDIS=1 (CI).
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir, verifyObjects } from '../helpers.js';
import { firstMatching, startSeqpipe, startWorker, type Proc } from './processes.js';
import { needRedis, redisAvailable, startRedis, type TestRedis } from './redis-server.js';

const SWEEP = join(ROOT, 'test/fixtures/tiny-sweep.yaml');
// 2 cells × 2 seeds; a trainer job lasts about a second or two, long enough to be killed mid-job.
const ARGS = ['--grid', 'model.layers.0.cell=gru,lstm', '--seeds', '1,2', '--set', 'train.epochs=300', '--set', 'train.batchSize=1'];
type Variant = { params: Record<string, string>; seed: number; status: string; metrics: Record<string, Record<string, number>> };
type SweepJson = { status: string; variants: Variant[] };

const dirs: ReturnType<typeof tempDir>[] = [];
const state = (): string => {
  const d = tempDir('seqpipe-cluster-');
  dirs.push(d);
  return d.path;
};
let redis: TestRedis | undefined;
let procs: Proc[] = [];
let local: SweepJson;

const byVariant = (s: SweepJson): Record<string, Variant['metrics']> =>
  Object.fromEntries(s.variants.map((v) => [`${v.params['model.layers.0.cell']}/${v.seed}`, v.metrics]));

beforeAll(async () => {
  if (!redisAvailable().ok) return;
  redis = await startRedis();
  // The reference: the same sweep in this process's runner, no queue.
  const r = cli(['sweep', SWEEP, ...ARGS, '--jobs', '1', '--state-dir', state(), '--json']);
  expect(r.code, r.stderr).toBe(0);
  local = JSON.parse(r.stdout) as SweepJson;
});
afterEach(() => {
  for (const p of procs) p.kill('SIGKILL');
  procs = [];
});
afterAll(async () => {
  await redis?.stop();
  dirs.forEach((d) => d.remove());
});

async function workers(n: number, stateDir: string): Promise<Proc[]> {
  const started = Array.from({ length: n }, () => startWorker(redis!.url, stateDir));
  procs.push(...started);
  await Promise.all(started.map((w) => w.until(/seqpipe worker ready/)));
  return started;
}

describe('cluster: BullMQ workers on Redis', () => {
  it('a sweep across three workers, one SIGKILLed mid-job, succeeds with metrics identical to a local sweep', async (ctx) => {
    needRedis(ctx);
    const shared = state();
    const ws = await workers(3, shared);
    const sweep = startSeqpipe(['sweep', SWEEP, ...ARGS, '--queue', redis!.url, '--state-dir', shared, '--json']);
    procs.push(sweep);
    // Wait until a worker holds a trainer job (its own "start" line), then kill it there.
    const { proc: victim, match } = await firstMatching(ws, /start train \(trainer\/tfjs\) ([0-9a-f]{12})/);
    victim.kill('SIGKILL');
    const key = match[1]!;
    const r = await sweep.exited;
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as SweepJson;
    expect(out.status).toBe('success');
    expect(byVariant(out)).toEqual(byVariant(local));
    // The killed job was found stalled and run again by a survivor, which finished it.
    const survivors = ws.filter((w) => w !== victim).map((w) => w.stderr()).join('\n');
    expect(survivors).toMatch(new RegExp(`start train \\(trainer/tfjs\\) ${key} attempt 2`));
    expect(survivors).toMatch(new RegExp(`done  train \\(trainer/tfjs\\) ${key}`));
    expect(victim.stderr()).not.toMatch(new RegExp(`done  train \\(trainer/tfjs\\) ${key}`));
    // Nothing partial was left in the store: every object hashes to its name.
    expect(verifyObjects(shared)).toBeGreaterThan(0);
  });

  it('a sweep rides out a Redis restart: it resumes, redoes nothing that had finished, same metrics', async (ctx) => {
    needRedis(ctx);
    const shared = state();
    const ws = await workers(2, shared);
    const sweep = startSeqpipe(['sweep', SWEEP, ...ARGS, '--queue', redis!.url, '--state-dir', shared, '--json']);
    procs.push(sweep);
    await firstMatching(ws, /done {2}train /);
    await redis!.restart(); // an empty Redis: every queued job and event is gone
    const before = ws.map((w) => w.stderr().length);
    const r = await sweep.exited;
    expect(r.code, r.stderr).toBe(0);
    expect(byVariant(JSON.parse(r.stdout) as SweepJson)).toEqual(byVariant(local));
    // No job that had finished before the restart started again after it.
    const keys = (text: string, re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[1]!);
    const doneBefore = ws.flatMap((w, i) => keys(w.stderr().slice(0, before[i]), /done {2}\S+ \(\S+\) ([0-9a-f]{12})/g));
    const startedAfter = ws.flatMap((w, i) => keys(w.stderr().slice(before[i]), /start \S+ \(\S+\) ([0-9a-f]{12})/g));
    expect(doneBefore.length).toBeGreaterThan(0);
    expect(startedAfter.length).toBeGreaterThan(0); // the restart really was mid-sweep
    expect(startedAfter.filter((k) => doneBefore.includes(k))).toEqual([]);
  });

  it('SIGTERM stops a worker gracefully: it finishes the job it is running, then exits 0', async (ctx) => {
    needRedis(ctx);
    const shared = state();
    const [w] = await workers(1, shared);
    const run = startSeqpipe(['run', SWEEP, '--set', 'train.epochs=300', '--set', 'train.batchSize=1', '--queue', redis!.url, '--state-dir', shared, '--json']);
    procs.push(run);
    await w!.until(/start train /);
    w!.kill('SIGTERM');
    const stopped = await w!.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/done {2}train [^\n]*\n[\s\S]*worker stopped/);
    // The stages after the trainer wait for a worker: a new one finishes the run.
    await workers(1, shared);
    const r = await run.exited;
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).stages.find((s: { id: string }) => s.id === 'train')).toMatchObject({ status: 'ran' });
  });

  it('a stage that throws fails the run with its own code and location, as locally (no timeout)', async (ctx) => {
    needRedis(ctx);
    const shared = state();
    await workers(1, shared);
    const bad = join(ROOT, 'test/bad-csvs/01-text-in-number.yaml');
    const queued = cli(['run', bad, '--queue', redis!.url, '--state-dir', shared, '--json']);
    const here = cli(['run', bad, '--state-dir', state(), '--json']);
    expect(queued.code).toBe(1);
    expect(here.code).toBe(1);
    const error = JSON.parse(queued.stdout).error;
    expect(error).toMatchObject({ code: 'E_CSV_VALUE', stage: 'series', line: 4, col: 12 });
    expect(error).toEqual(JSON.parse(here.stdout).error);
  });
});
