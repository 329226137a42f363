import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir, TINY } from '../helpers.js';

// Batches of 40 rows train as chunks of 16, 16, 8; SEQPIPE_THREAD_MIN_WORK=0 starts the worker
// threads even for this tiny run (normally only for about a second of work or more).
const states = [tempDir(), tempDir()];
afterAll(() => states.forEach((s) => s.remove()));

const trainDigest = (stdout: string): string => {
  const run = JSON.parse(stdout) as { runDir: string };
  const record = JSON.parse(readFileSync(join(run.runDir, 'run.json'), 'utf8')) as { stages: { id: string; digest: string }[] };
  return record.stages.find((s) => s.id === 'train')!.digest;
};

describe('trainer/tfjs threads (fused engine)', () => {
  it('1 and 2 threads train the same bytes, and the thread count is not in the cache key', () => {
    const run = (state: string, threads: number) => cli(
      ['run', TINY, '--set', 'train.batchSize=40', '--set', `train.threads=${threads}`, '--state-dir', state, '--json'],
      { env: { SEQPIPE_THREAD_MIN_WORK: '0' } },
    );
    const one = run(states[0]!.path, 1);
    const two = run(states[1]!.path, 2);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(trainDigest(two.stdout)).toBe(trainDigest(one.stdout));
    // Same state dir, another thread count: a cache hit, nothing retrained.
    const again = run(states[0]!.path, 2);
    expect(again.code).toBe(0);
    const stages = (JSON.parse(again.stdout) as { stages: { id: string; cached: boolean }[] }).stages;
    expect(stages.find((s) => s.id === 'train')).toMatchObject({ cached: true });
  });
});
