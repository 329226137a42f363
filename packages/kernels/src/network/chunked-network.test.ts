import { createRng, type CellType, type ModelSpec } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { startChunkThreads } from './chunk-threads.js';
import { CHUNK_ROWS, ChunkedNetwork } from './chunked-network.js';
import { createFusedNetwork, fusedLayout } from './fused-factory.js';
import { initialParams } from './initial-weights.js';

// Worker threads run the compiled module (packages/kernels/dist): `npm run build` (or `npx tsc -b`) first.
const shape = { lookback: 4, features: 2, outputs: 3, horizon: 3 };
const spec = (cell: CellType): ModelSpec => ({
  kind: 'model-spec', head: { activation: 'linear' },
  layers: [
    { cell, units: 9, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0.2, recurrentDropout: 0.3 },
    { cell, units: 6, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 },
  ],
});

/** The other families, each with what it has beyond plain layers (dropout, DLinear's trend, N-BEATS's shared and fixed bases). */
const families: [string, ModelSpec][] = [
  ['mlp with dropout', { kind: 'model-spec', family: 'mlp', layers: [{ units: 9, activation: 'relu' }, { units: 5, activation: 'tanh' }], dropout: 0.3, head: { activation: 'linear' } }],
  ['dlinear', { kind: 'model-spec', family: 'linear', decomposition: { kernel: 3 } }],
  ['nbeats interpretable, shared', {
    kind: 'model-spec', family: 'nbeats', sharedWeights: true,
    stacks: [{ type: 'generic', blocks: 2, layers: 2, units: 6, thetas: 3 }, { type: 'trend', blocks: 2, layers: 1, units: 5, degree: 2 }],
  }],
];

/** Three Adam steps on batches of B seeded windows; `threads` workers (1 = this thread only). Returns params, grads, losses. */
async function train(s: ModelSpec, B: number, threads: number, chunked = true, failing = false, loss: 'mse' | 'quantile' = 'mse') {
  const quantiles = loss === 'quantile' ? [0.1, 0.5, 0.9] : undefined;
  const layout = fusedLayout(s, { ...shape, outputs: shape.outputs * (quantiles?.length ?? 1) });
  const start = initialParams(s, layout, createRng(1));
  const net = chunked ? new ChunkedNetwork(layout, start, B) : createFusedNetwork(layout, start, B);
  if (net instanceof ChunkedNetwork) await startChunkThreads(net, threads, loss, quantiles);
  // A runner whose threads fail on the first step: the network goes on alone.
  if (failing && net instanceof ChunkedNetwork) net.useRunner({ run: () => { throw new Error('worker failed'); }, close: async () => {} });
  const rng = createRng(2);
  const x = Float32Array.from({ length: B * shape.lookback * shape.features }, () => 2 * rng.next() - 1);
  const y = Float32Array.from({ length: B * layout.outputs }, () => rng.next());
  const optimizer = net.createOptimizer('adam', 0.01);
  const masks = createRng(3);
  const losses: number[] = [];
  try {
    for (let step = 0; step < 3; step++) {
      net.load(x, y, undefined, 0, B);
      net.drawMasks(masks, B);
      losses.push(net.trainStep(B, loss, quantiles));
      optimizer.step(net.params, net.grads);
    }
    // The workers really computed their chunks (a failed one would leave this thread alone, silently).
    if (net instanceof ChunkedNetwork && !failing) expect(net.threaded).toBe(Math.min(threads, net.chunks.length) > 1);
  } finally {
    if (net instanceof ChunkedNetwork) await net.close();
  }
  return { params: Float64Array.from(net.params), grads: Float64Array.from(net.grads), losses };
}

const firstDiff = (a: Float64Array, b: Float64Array): number => a.findIndex((v, i) => !Object.is(v, b[i]));

describe('ChunkedNetwork: fixed chunks of the batch, any number of threads', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}: 1, 2 and 3 threads train bit-identical weights (batch 40 = chunks of 16, 16, 8; dropout on)`, async () => {
      const one = await train(spec(cell), 40, 1);
      for (const threads of [2, 3]) {
        const many = await train(spec(cell), 40, threads);
        expect(firstDiff(many.params, one.params)).toBe(-1);
        expect(firstDiff(many.grads, one.grads)).toBe(-1);
        expect(many.losses).toEqual(one.losses);
      }
      expect(one.grads.some((v) => v !== 0)).toBe(true);
    });
  }

  for (const [name, s] of families) {
    for (const loss of ['mse', 'quantile'] as const) {
      it(`${name}, ${loss} loss: 1, 2 and 3 threads train bit-identical weights (batch 40 = chunks of 16, 16, 8)`, async () => {
        const one = await train(s, 40, 1, true, false, loss);
        for (const threads of [2, 3]) {
          const many = await train(s, 40, threads, true, false, loss);
          expect(firstDiff(many.params, one.params)).toBe(-1);
          expect(firstDiff(many.grads, one.grads)).toBe(-1);
          expect(many.losses).toEqual(one.losses);
        }
        expect(one.grads.some((v) => v !== 0)).toBe(true);
        // The chunk sum is the batch's gradient, float32 rounding apart.
        const plain = await train(s, 40, 1, false, false, loss);
        const scale = Math.max(...plain.grads.map(Math.abs));
        expect(Math.max(...one.grads.map((v, i) => Math.abs(v - plain.grads[i]!))) / scale).toBeLessThan(1e-5);
      });
    }
    it(`${name}: a batch of one chunk is the plain network, bit for bit`, async () => {
      const chunked = await train(s, CHUNK_ROWS, 2);
      const plain = await train(s, CHUNK_ROWS, 1, false);
      expect(firstDiff(chunked.params, plain.params)).toBe(-1);
      expect(chunked.losses).toEqual(plain.losses);
    });
  }

  it('a failing worker leaves the step to this thread, with the same bits', async () => {
    const one = await train(spec('gru'), 40, 1);
    const failed = await train(spec('gru'), 40, 1, true, true);
    expect(firstDiff(failed.params, one.params)).toBe(-1);
    expect(failed.losses).toEqual(one.losses);
  });

  it('a batch of one chunk is the plain FusedNetwork, bit for bit', async () => {
    const chunked = await train(spec('lstm'), CHUNK_ROWS, 2);
    const plain = await train(spec('lstm'), CHUNK_ROWS, 1, false);
    expect(firstDiff(chunked.params, plain.params)).toBe(-1);
    expect(chunked.losses).toEqual(plain.losses);
  });

  it('the chunk sum is the batch gradient (float32 rounding apart)', async () => {
    const chunked = await train(spec('gru'), 40, 1);
    const plain = await train(spec('gru'), 40, 1, false);
    const scale = Math.max(...plain.grads.map(Math.abs));
    const worst = Math.max(...chunked.grads.map((v, i) => Math.abs(v - plain.grads[i]!)));
    expect(worst / scale).toBeLessThan(1e-5);
    chunked.losses.forEach((l, i) => expect(Math.abs(l - plain.losses[i]!)).toBeLessThan(1e-6 * Math.abs(plain.losses[i]!)));
  });
});
