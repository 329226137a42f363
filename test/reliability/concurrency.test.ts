/**
 * 2, 4 and 8 `seqpipe run` processes on one cold state dir: all succeed with identical results,
 * every stage's key maps to the same digest in every run record (two processes that both miss a
 * stage compute identical bytes — see ARCHITECTURE.md, "Concurrency"), and the store is consistent:
 * every object verifies, every manifest points at one, and the next run is entirely cached.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, startCli, TINY, tempDir, verifyObjects } from '../helpers.js';

let state: ReturnType<typeof tempDir>;
afterEach(() => state?.remove());

interface Out {
  status: string;
  metrics: unknown;
  predictions: unknown;
  runDir: string;
  stages: { id: string; cached: boolean }[];
}

/** key → digest pairs from a finished run's record. */
function keyDigests(runDir: string): Record<string, string> {
  const record = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { stages: { key: string; digest: string }[] };
  return Object.fromEntries(record.stages.map((s) => [s.key, s.digest]));
}

function manifestsPointAtObjects(stateDir: string): void {
  const root = join(stateDir, 'keys');
  for (const shard of readdirSync(root)) {
    for (const name of readdirSync(join(root, shard))) {
      const { digest } = JSON.parse(readFileSync(join(root, shard, name), 'utf8')) as { digest: string };
      expect(() => readFileSync(join(stateDir, 'objects', digest.slice(0, 2), digest))).not.toThrow();
    }
  }
}

describe('concurrent runs on one state dir', () => {
  for (const n of [2, 4, 8]) {
    it(`${n} processes at once: all succeed, identical results, consistent store`, async () => {
      state = tempDir();
      const args = ['run', TINY, '--state-dir', state.path, '--json', '--set', 'train.epochs=1'];
      const results = await Promise.all(Array.from({ length: n }, () => startCli(args).exited));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const outs = results.map((r) => JSON.parse(r.stdout) as Out);
      const first = outs[0]!;
      for (const o of outs) {
        expect(o.status).toBe('success');
        expect(o.metrics).toEqual(first.metrics);
        expect(o.predictions).toEqual(first.predictions);
        expect(keyDigests(o.runDir)).toEqual(keyDigests(first.runDir));
      }
      expect(verifyObjects(state.path)).toBeGreaterThan(0);
      manifestsPointAtObjects(state.path);
      const again = JSON.parse(cli(args).stdout) as Out;
      expect(again.stages.every((s) => s.cached)).toBe(true);
      expect(again.metrics).toEqual(first.metrics);
    }, 240_000);
  }
});
