import { createRng, type NbeatsModelSpec } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { movingAverageKernel, seasonalityBasis, trendBasis } from './family-bases.js';
import { familyTensors, nbeatsPlan } from './family-layout.js';
import { initialWeights } from './initial-weights.js';

const shape = { lookback: 6, features: 2, outputs: 6, horizon: 3 };
const stack = (type: 'generic' | 'trend' | 'seasonality', blocks = 2) =>
  ({ type, blocks, layers: 2, units: 5, ...(type === 'generic' ? { thetas: 4 } : type === 'trend' ? { degree: 2 } : { harmonics: 1 }) });
const nbeats = (sharedWeights: boolean, ...stacks: ReturnType<typeof stack>[]): NbeatsModelSpec =>
  ({ kind: 'model-spec', family: 'nbeats', stacks, sharedWeights });

/** x · K for a row vector x and a row-major [x.length, cols] kernel. */
const times = (x: readonly number[], k: Float32Array, cols: number) =>
  Array.from({ length: cols }, (_, j) => x.reduce((s, v, i) => s + v * k[i * cols + j]!, 0));

describe('dense family layouts', () => {
  it('DLinear moving average pads the edges by repetition', () => {
    const x = [1, 2, 4, 8, 16];
    // kernel 3: [1,1,2], [1,2,4], [2,4,8], [4,8,16], [8,16,16]
    expect(times(x, movingAverageKernel(3, 5), 5)).toEqual([4 / 3, 7 / 3, 14 / 3, 28 / 3, 40 / 3].map((v) => expect.closeTo(v, 5)));
    // even kernel 2 leans later: [1,2], [2,4], ..., [16,16]
    expect(times(x, movingAverageKernel(2, 5), 5)).toEqual([1.5, 3, 6, 12, 16].map((v) => expect.closeTo(v, 5)));
  });

  it('trend and seasonality bases put each channel of each step in its own column', () => {
    // Two channels, taus 1 and 2 (forecast steps 1, 2), degree 1: rows c·2 + i, columns s·2 + c.
    const t = trendBasis(1, 4, [1, 2], 2);
    expect(Array.from(t)).toEqual([1, 0, 1, 0, 0.25, 0, 0.5, 0, 0, 1, 0, 1, 0, 0.25, 0, 0.5]);
    const s = seasonalityBasis(1, 4, [1], 1);
    expect(Array.from(s).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([1, 0, 1]);
  });

  it('the last block has no backcast; shared weights give one group per stack', () => {
    const plan = nbeatsPlan(nbeats(false, stack('trend'), stack('generic', 1)), shape);
    expect(plan.groups.map((g) => [g.prefix, g.backcast])).toEqual([['s0_b0', true], ['s0_b1', true], ['s1_b0', false]]);
    const shared = nbeatsPlan(nbeats(true, stack('trend'), stack('seasonality', 1)), shape);
    expect(shared.groups.map((g) => [g.prefix, g.backcast])).toEqual([['s0', true], ['s1', false]]);
    expect(shared.blocks.map((b) => [b.name, b.group.prefix, b.last])).toEqual([['s0_b0', 's0', false], ['s0_b1', 's0', false], ['s1_b0', 's1', true]]);
  });

  it('sizes every head from shape.outputs', () => {
    const wide = { ...shape, outputs: 12 };
    const heads = (s: Parameters<typeof familyTensors>[0]) => familyTensors(s, wide).filter((t) => t.name.endsWith('forecast/kernel') || t.name.startsWith('head/kernel') || t.name.endsWith('_head/kernel')).map((t) => t.shape);
    expect(heads({ kind: 'model-spec', family: 'mlp', layers: [{ units: 3, activation: 'relu' }], dropout: 0, head: { activation: 'linear' } })).toEqual([[3, 12]]);
    expect(heads({ kind: 'model-spec', family: 'linear', decomposition: { kernel: 3 } })).toEqual([[12, 12], [12, 12]]);
    // Trend θ_f has 3 coefficients × 4 channels per step (12 outputs / 3 steps).
    expect(heads(nbeats(false, stack('trend', 1)))).toEqual([[12, 12]]);
  });

  it('draws glorot kernels, zero biases and fixed bases from the Rng, the same for a seed', () => {
    const spec = nbeats(false, stack('seasonality', 2));
    const a = initialWeights(spec, shape, createRng(3));
    expect(a.map((w) => w.name)).toEqual(familyTensors(spec, shape).map((t) => t.name));
    expect(a).toEqual(initialWeights(spec, shape, createRng(3)));
    expect(Array.from(a.find((w) => w.name === 's0_b0_fc0/bias')!.values)).toEqual([0, 0, 0, 0, 0]);
    const kernel = a.find((w) => w.name === 's0_b0_fc0/kernel')!.values;
    const limit = Math.sqrt(6 / (12 + 5));
    expect(kernel.every((v) => Math.abs(v) <= limit) && new Set(kernel).size === kernel.length).toBe(true);
  });

  it('rejects outputs that are not a multiple of the horizon for N-BEATS', () => {
    expect(() => nbeatsPlan(nbeats(false, stack('trend', 1)), { ...shape, outputs: 7 })).toThrow(/multiple/);
  });
});
