/**
 * The native backend (tfjs-node on libtensorflow) computes what WASM computes: the same pipeline,
 * seed and initial weights give the same metrics and forecasts up to float32 rounding. Runs only
 * where `npm run setup-native` has provisioned tfjs-node; CI provisions it and runs this file.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir, TINY } from '../helpers.js';

// Relative, per metric and forecast: observed differences are ≈1e-7 (float32 rounding in
// different kernels, compounded over a few epochs); a real divergence is orders larger.
const TOLERANCE = 1e-4;

/** Loads tfjs-node in a child process (a crash there must not take the test runner down). */
function nativeLoads(): { ok: true } | { ok: false; reason: string } {
  const r = spawnSync(process.execPath, ['-e', "const tf = require('@tensorflow/tfjs-node'); console.log(tf.getBackend())"], {
    cwd: join(ROOT, 'packages/tfjs'),
    encoding: 'utf8',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  if (r.status === 0 && r.stdout.trim().endsWith('tensorflow')) return { ok: true };
  const why = /Cannot find module '@tensorflow\/tfjs-node'/.test(r.stderr)
    ? 'tfjs-node is not installed'
    : (r.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit ${r.status}`);
  return { ok: false, reason: `native backend unavailable (${why}); run npm run setup-native to test it` };
}

const native = nativeLoads();
const state = tempDir('seqpipe-parity-');
afterAll(() => state.remove());

interface RunJson {
  status: string;
  backend: string;
  stages: { id: string; cached: boolean; status: string }[];
  metrics: Record<string, Record<string, number>>;
  predictions: Record<string, { points: { value: number }[] }>;
}

function runOn(backend: string, cell: string): RunJson {
  // engine: layers — the fused engine (auto's choice for these cells) does not run on a tfjs backend.
  const sets = ['--set', `model.layers.0.cell=${cell}`, '--set', 'train.epochs=10', '--set', 'train.engine=layers'];
  const args = ['run', TINY, ...sets, '--state-dir', join(state.path, backend), '--json'];
  const r = cli(args, { env: { SEQPIPE_BACKEND: backend, TF_CPP_MIN_LOG_LEVEL: '2' } });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as RunJson;
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);

describe('native backend parity', () => {
  for (const cell of ['simpleRNN', 'lstm']) {
    it(`${cell}: tensorflow and wasm agree on metrics and forecasts`, (ctx) => {
      if (!native.ok) {
        // CI provisions the backend and sets this, so a broken setup fails instead of skipping.
        if (process.env.SEQPIPE_REQUIRE_NATIVE) throw new Error(native.reason);
        return ctx.skip(native.reason);
      }
      const tf = runOn('tensorflow', cell);
      const wasm = runOn('wasm', cell);
      expect([tf.status, tf.backend, wasm.status, wasm.backend]).toEqual(['success', 'tensorflow', 'success', 'wasm']);
      for (const [evaluator, metrics] of Object.entries(wasm.metrics)) {
        for (const [name, value] of Object.entries(metrics)) {
          expect(relative(tf.metrics[evaluator]![name]!, value), `${evaluator}.${name}`).toBeLessThan(TOLERANCE);
        }
      }
      const forecast = (r: RunJson): number[] => r.predictions.next!.points.map((p) => p.value);
      forecast(wasm).forEach((v, i) => expect(relative(forecast(tf)[i]!, v), `next[${i}]`).toBeLessThan(TOLERANCE));
      // Both really trained (separate state dirs: neither is a cache hit).
      for (const r of [tf, wasm]) expect(r.stages.find((s) => s.id === 'train')).toMatchObject({ cached: false, status: 'ran' });
    });
  }
});
