import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir, TINY } from '../helpers.js';

// Batches of 40 rows train as chunks of 16, 16, 8; SEQPIPE_THREAD_MIN_WORK=0 starts the worker
// threads even for these tiny runs (normally only for about a second of work or more).
const states: { path: string; remove(): void }[] = [];
afterAll(() => states.forEach((s) => s.remove()));

const digests = (stdout: string, ids: readonly string[]): string[] => {
  const run = JSON.parse(stdout) as { runDir: string };
  const record = JSON.parse(readFileSync(join(run.runDir, 'run.json'), 'utf8')) as { stages: { id: string; digest: string }[] };
  return ids.map((id) => record.stages.find((s) => s.id === id)!.digest);
};

const cases: [string, string, readonly string[], readonly string[]][] = [
  ['rnn', TINY, ['train'], ['train.batchSize=40']],
  // The MLP with dropout (masks drawn for the whole batch, handed out by rows), N-BEATS and DLinear.
  ['mlp', join(ROOT, 'pipelines/sine-mlp.yaml'), ['train'], ['train.batchSize=40', 'train.epochs=2', 'model.dropout=0.2']],
  ['nbeats and dlinear', join(ROOT, 'pipelines/sine-nbeats.yaml'), ['train', 'train_dlinear'],
    ['train.batchSize=40', 'train.epochs=2', 'train_dlinear.batchSize=40', 'train_dlinear.epochs=2']],
];

describe('trainer/tfjs threads (fused engine)', () => {
  for (const [name, pipeline, trained, sets] of cases) {
    it(`${name}: 1 and 2 threads train the same bytes, and the thread count is not in the cache key`, () => {
      const pair = [tempDir(), tempDir()];
      states.push(...pair);
      const run = (state: string, threads: number) => cli(
        ['run', pipeline, ...sets.flatMap((s) => ['--set', s]), ...trained.flatMap((t) => ['--set', `${t}.threads=${threads}`]), '--state-dir', state, '--json'],
        { env: { SEQPIPE_THREAD_MIN_WORK: '0' } },
      );
      const one = run(pair[0]!.path, 1);
      const two = run(pair[1]!.path, 2);
      expect(one.code, one.stderr).toBe(0);
      expect(two.code, two.stderr).toBe(0);
      expect(digests(two.stdout, trained)).toEqual(digests(one.stdout, trained));
      // Same state dir, another thread count: a cache hit, nothing retrained.
      const again = run(pair[0]!.path, 2);
      expect(again.code).toBe(0);
      const stages = (JSON.parse(again.stdout) as { stages: { id: string; cached: boolean }[] }).stages;
      for (const id of trained) expect(stages.find((s) => s.id === id)).toMatchObject({ cached: true });
    });
  }
});
