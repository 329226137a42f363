/**
 * The fused engine's native products (packages/kernels/native, built by `npm run setup-native` on a
 * CPU with AVX-512) through the CLI: they train, the run says so, they are part of the cache key
 * (switching kernels retrains, switching back is a hit), and any thread count gives the same bytes
 * with them too. Skips where they are not built; CI builds them and sets SEQPIPE_REQUIRE_NATIVE=1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadNativeProducts } from '@seqpipe/kernels';
import { cli, ROOT, tempDir, TINY } from '../helpers.js';

const { products, reason } = loadNativeProducts();
const need = (ctx: { skip(note?: string): void }): void => {
  if (products) return;
  // A CPU without AVX-512 cannot run them however well set up: that skips even where they are required.
  if (process.env.SEQPIPE_REQUIRE_NATIVE === '1' && reason !== 'this CPU has no AVX-512') throw new Error(`native kernels ${reason} (SEQPIPE_REQUIRE_NATIVE=1)`);
  ctx.skip(`native kernels ${reason}; npm run setup-native builds them`);
};

const states: { path: string; remove(): void }[] = [];
afterAll(() => states.forEach((s) => s.remove()));
const state = (): string => { const s = tempDir(); states.push(s); return s.path; };

interface RunJson {
  status: string;
  runDir: string;
  engines?: string[];
  kernels?: string[];
  stages: { id: string; cached: boolean }[];
  metrics: Record<string, Record<string, number>>;
}

function run(dir: string, kernels: 'native' | 'wasm', sets: readonly string[] = [], pipeline = TINY, env: Record<string, string> = {}): RunJson {
  const r = cli(['run', pipeline, ...sets.flatMap((s) => ['--set', s]), '--state-dir', dir, '--json'], { env: { SEQPIPE_KERNELS: kernels, ...env } });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as RunJson;
}

const trainDigest = (r: RunJson, id = 'train'): string =>
  (JSON.parse(readFileSync(join(r.runDir, 'run.json'), 'utf8')) as { stages: { id: string; digest: string }[] }).stages.find((s) => s.id === id)!.digest;

describe('fused engine, native kernels', () => {
  it('train, are recorded, and are in the cache key: WASM retrains, native again is a hit', (ctx) => {
    need(ctx);
    const dir = state();
    const native = run(dir, 'native');
    expect(native).toMatchObject({ status: 'success', engines: ['fused'], kernels: ['native-avx512-fma'] });
    const wasm = run(dir, 'wasm');
    expect(wasm.kernels).toBeUndefined();
    expect(wasm.stages.find((s) => s.id === 'train')).toMatchObject({ cached: false });
    expect(trainDigest(wasm)).not.toBe(trainDigest(native));
    // Different roundings of the same training: close, not equal.
    const mse = (r: RunJson): number => r.metrics.test!.mse!;
    expect(Math.abs(mse(native) - mse(wasm)) / mse(wasm)).toBeLessThan(0.5);
    const again = run(dir, 'native');
    expect(again.stages.every((s) => s.cached)).toBe(true);
    expect(again.kernels).toEqual(['native-avx512-fma']);
  });

  const cases: [string, string, readonly string[], readonly string[]][] = [
    ['gru', TINY, ['train'], ['train.batchSize=40', 'model.layers.0.cell=gru']],
    ['lstm', TINY, ['train'], ['train.batchSize=40', 'model.layers.0.cell=lstm']],
    ['nbeats and dlinear', join(ROOT, 'pipelines/sine-nbeats.yaml'), ['train', 'train_dlinear'],
      ['train.batchSize=40', 'train.epochs=2', 'train_dlinear.batchSize=40', 'train_dlinear.epochs=2']],
  ];
  for (const [name, pipeline, trained, sets] of cases) {
    it(`${name}: 1 and 2 threads train the same bytes`, (ctx) => {
      need(ctx);
      // Batches of 40 rows are chunks of 16, 16 and 8; SEQPIPE_THREAD_MIN_WORK=0 starts the threads for tiny runs.
      const at = (threads: number) => run(state(), 'native', [...sets, ...trained.map((t) => `${t}.threads=${threads}`)], pipeline, { SEQPIPE_THREAD_MIN_WORK: '0' });
      const one = at(1);
      const two = at(2);
      expect(two.kernels).toEqual(['native-avx512-fma']);
      expect(trained.map((t) => trainDigest(two, t))).toEqual(trained.map((t) => trainDigest(one, t)));
    });
  }
});
