/**
 * A pipeline with `plugins:` on the queue: each `seqpipe worker` imports the plugin a job names
 * itself (its entry, resolved against the job's pipeline folder) and checks it against the keyed
 * plugin material, as `sweep --jobs N` workers do. Same metrics as a local sweep; a worker whose
 * copy of the plugin file differs refuses the job with E_PLUGIN_MISMATCH. Skips without
 * redis-server unless SEQPIPE_REQUIRE_REDIS=1 (CI).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeError, QUEUE_NAME, QUEUE_PROTOCOL } from '@seqpipe/queue';
import type { JobSpec } from '@seqpipe/core';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';
import { startSeqpipe, startWorker, type Proc } from './processes.js';
import { needRedis, redisAvailable, startRedis, type TestRedis } from './redis-server.js';

const PIPELINE = join(ROOT, 'examples/custom-stage/random-walk.yaml');
const ARGS = ['--grid', 'walk.drift=0.05,0.1', '--set', 'train.epochs=2', '--set', 'model.layers.0.units=4', '--json'];
type Sweep = { status: string; variants: { metrics: Record<string, Record<string, number>>; stages: { id: string; cached: boolean }[] }[] };

const dirs: ReturnType<typeof tempDir>[] = [];
const state = (): string => {
  const d = tempDir('seqpipe-queue-plugins-');
  dirs.push(d);
  return d.path;
};
let redis: TestRedis | undefined;
let procs: Proc[] = [];
afterEach(() => {
  for (const p of procs) p.kill('SIGKILL');
  procs = [];
});
afterAll(async () => {
  await redis?.stop();
  dirs.forEach((d) => d.remove());
});

async function worker(stateDir: string): Promise<Proc> {
  redis ??= await startRedis();
  const w = startWorker(redis.url, stateDir);
  procs.push(w);
  await w.until(/seqpipe worker ready/);
  return w;
}

describe('cluster: plugins on the queue', () => {
  it('a sweep of a `plugins:` pipeline runs on a worker with the same metrics as a local sweep', async (ctx) => {
    needRedis(ctx);
    if (!redisAvailable().ok) return;
    const local = cli(['sweep', PIPELINE, ...ARGS, '--jobs', '1', '--state-dir', state()]);
    expect(local.code, local.stderr).toBe(0);
    const shared = state();
    const w = await worker(shared);
    const sub = startSeqpipe(['sweep', PIPELINE, ...ARGS, '--queue', redis!.url, '--state-dir', shared]);
    procs.push(sub);
    const r = await sub.exited;
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Sweep;
    expect(out.status).toBe('success');
    expect(out.variants.map((v) => v.stages.find((s) => s.id === 'walk')!.cached)).toEqual([false, false]);
    expect(out.variants.map((v) => v.metrics)).toEqual((JSON.parse(local.stdout) as Sweep).variants.map((v) => v.metrics));
    expect(w.stderr()).toMatch(/done {2}walk \(source\/random-walk\)/);
  });

  it('a worker whose copy of the plugin file differs from the keyed one refuses with E_PLUGIN_MISMATCH', async (ctx) => {
    needRedis(ctx);
    if (!redisAvailable().ok) return;
    const copy = state();
    cpSync(join(ROOT, 'examples/custom-stage'), copy, { recursive: true });
    // The submitter planned with the original file; this host's copy was edited since.
    const plugins = (JSON.parse(cli(['plugins', join(copy, 'random-walk.yaml'), '--json']).stdout) as { stages: { uses: string; version: string }[] }).stages;
    const sha256 = createHash('sha256').update(readFileSync(join(copy, 'stages/random-walk.source.js'))).digest('hex');
    appendFileSync(join(copy, 'stages/random-walk.source.js'), '\n// edited on this host\n');
    const w = await worker(state());
    const version = w.stderr().match(/seqpipe (\S+) · pid/)![1]!;
    const job: JobSpec = {
      key: 'd'.repeat(64), uses: 'source/random-walk', pluginVersion: plugins.find((p) => p.uses === 'source/random-walk')!.version,
      params: { points: 50, drift: 0.05 }, inputs: {}, seed: 1, pipelineDir: copy, stage: 'walk',
      plugin: { sha256 },
      pluginEntry: './stages/random-walk.source.js',
    };
    const connection = (): Redis => new Redis(redis!.url, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection: connection() });
    const events = new QueueEvents(QUEUE_NAME, { connection: connection() });
    try {
      await events.waitUntilReady();
      const added = await queue.add(job.uses, { protocol: QUEUE_PROTOCOL, seqpipe: version, job }, { jobId: job.key });
      const outcome = await added.waitUntilFinished(events, 60_000).then(() => 'completed', (e: Error) => e.message);
      expect(decodeError(outcome, job)).toMatchObject({ code: 'E_PLUGIN_MISMATCH', stage: 'walk' });
    } finally {
      await events.close();
      await queue.close();
    }
    expect(w.stderr()).toMatch(/fail {2}walk \(source\/random-walk\) d{12} E_PLUGIN_MISMATCH/);
  });
});
