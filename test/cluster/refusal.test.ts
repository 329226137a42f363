/**
 * A worker runs only what it can reproduce: a job planned with another seqpipe version is refused
 * with E_QUEUE_VERSION, one naming a plugin version it lacks with E_PLUGIN_MISMATCH, one keyed with
 * another copy of its input file with E_QUEUE_EXTERNAL — each as a
 * coded failedReason the submitter turns back into that error. The jobs are put on the queue by
 * hand here, as a submitter of another version would.
 */
import { decodeError, QUEUE_NAME, QUEUE_PROTOCOL, type QueuedJob } from '@seqpipe/queue';
import type { JobSpec } from '@seqpipe/core';
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';
import { startWorker, type Proc } from './processes.js';
import { needRedis, redisAvailable, startRedis, type TestRedis } from './redis-server.js';

const state = tempDir('seqpipe-refusal-');
let redis: TestRedis | undefined;
let worker: Proc | undefined;
afterAll(async () => {
  worker?.kill('SIGKILL');
  await redis?.stop();
  state.remove();
});

const spec = (key: string, pluginVersion: string): JobSpec => ({
  key, uses: 'source/sine', pluginVersion, params: { points: 50, start: 0, stop: 10 }, inputs: {}, seed: 1, pipelineDir: ROOT, stage: 'series',
});

/**
 * Adds a raw job and returns the error its failure decodes to. It polls the job's state rather
 * than wait for a QueueEvents notice, which a loaded machine was seen to miss (a 60 s time-out).
 */
async function refusal(url: string, data: QueuedJob): Promise<unknown> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue(QUEUE_NAME, { connection });
  try {
    const job = await queue.add(data.job.uses, data, { jobId: data.job.key });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const state = await job.getState();
      if (state === 'completed') return 'completed';
      if (state === 'failed') break;
      if (Date.now() > deadline) throw new Error(`job ${data.job.key.slice(0, 12)} still ${state} after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const done = await Job.fromId(queue, data.job.key);
    return decodeError(done?.failedReason, data.job);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

describe('cluster: workers refuse jobs they cannot reproduce', () => {
  it('refuses another seqpipe version (E_QUEUE_VERSION) and an unknown plugin version (E_PLUGIN_MISMATCH)', async (ctx) => {
    needRedis(ctx);
    if (!redisAvailable().ok) return;
    redis = await startRedis();
    worker = startWorker(redis.url, state.path);
    await worker.until(/seqpipe worker ready/);
    const other = await refusal(redis.url, { protocol: QUEUE_PROTOCOL, seqpipe: '0.0.0-other', job: spec('a'.repeat(64), '1') });
    expect(other).toMatchObject({ code: 'E_QUEUE_VERSION', stage: 'series' });
    const version = worker.stderr().match(/seqpipe (\S+) · pid/)![1]!;
    const plugin = await refusal(redis.url, { protocol: QUEUE_PROTOCOL, seqpipe: version, job: spec('b'.repeat(64), '999') });
    expect(plugin).toMatchObject({ code: 'E_PLUGIN_MISMATCH', stage: 'series' });
    expect(worker.stderr()).toMatch(/fail {2}series \(source\/sine\) aaaaaaaaaaaa E_QUEUE_VERSION/);
    // A CSV whose digest differs from the one the job was keyed with is not filed under that key.
    const plugins = (JSON.parse(cli(['plugins', '--json']).stdout) as { stages: { uses: string; version: string }[] }).stages;
    const csv: JobSpec = {
      ...spec('c'.repeat(64), plugins.find((p) => p.uses === 'source/csv')!.version), uses: 'source/csv',
      params: { path: 'data/sp500.csv' }, external: 'sha256:not-this-file',
    };
    expect(await refusal(redis.url, { protocol: QUEUE_PROTOCOL, seqpipe: version, job: csv })).toMatchObject({ code: 'E_QUEUE_EXTERNAL', stage: 'series' });
  });
});
