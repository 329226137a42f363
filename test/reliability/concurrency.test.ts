/**
 * 2, 4 and 8 `seqpipe run` processes on one cold state dir: all succeed with identical results,
 * every stage's key maps to the same digest in every run record (two processes that both miss a
 * stage compute identical bytes — see docs/design/cache.md, "Concurrency"), and the store is consistent:
 * every object verifies, every manifest points at one, and the next run is entirely cached.
 * Sweeps too: two `seqpipe sweep` (one on worker processes) and a `seqpipe run` of one of their
 * variants, at once.
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

interface SweepOut {
  status: string;
  variants: { params: Record<string, string>; seed: number; status: string; metrics: unknown; runId: string; stages: { cached: boolean }[] }[];
}

describe('concurrent sweeps and a run on one state dir', () => {
  it('2 sweeps (in-process and --jobs 2) and a run at once: all succeed, identical results, consistent store', async () => {
    state = tempDir();
    const sweep = (jobs: string) => ['sweep', TINY, '--grid', 'model.layers.0.cell=simpleRNN,gru', '--seeds', '1..2',
      '--set', 'train.epochs=1', '--jobs', jobs, '--state-dir', state.path, '--json'];
    const runArgs = ['run', TINY, '--set', 'train.epochs=1', '--set', 'model.layers.0.cell=gru', '--seed', '2',
      '--state-dir', state.path, '--json'];
    const [a, b, r] = await Promise.all([startCli(sweep('1')).exited, startCli(sweep('2')).exited, startCli(runArgs).exited]);
    for (const x of [a, b, r]) expect(x!.code, x!.stderr).toBe(0);
    const sa = JSON.parse(a!.stdout) as SweepOut;
    const sb = JSON.parse(b!.stdout) as SweepOut;
    expect(sa.status).toBe('success');
    expect(sb.status).toBe('success');
    expect(sa.variants).toHaveLength(4);
    const byVariant = (s: SweepOut) => s.variants.map((v) => [v.params['model.layers.0.cell'], v.seed, v.status, v.metrics]);
    expect(byVariant(sb)).toEqual(byVariant(sa));
    const gru2 = sa.variants.find((v) => v.params['model.layers.0.cell'] === 'gru' && v.seed === 2)!;
    expect((JSON.parse(r!.stdout) as Out).metrics).toEqual(gru2.metrics);
    expect(verifyObjects(state.path)).toBeGreaterThan(0);
    manifestsPointAtObjects(state.path);
    const again = JSON.parse(cli(sweep('1')).stdout) as SweepOut;
    expect(again.variants.flatMap((v) => v.stages).every((s) => s.cached)).toBe(true);
  }, 240_000);
});
