import type { Forecaster, Split, Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { testContext } from '@seqpipe/core';
import { regressionEvaluator } from './regression.evaluator.js';

const ctx = testContext();
const all = { part: 'test', metrics: ['mse', 'rmse', 'mae'] } as const;
/** 4 one-step windows whose targets are 0, 0.25, 0.5, 0.75; scaled = original · 0.5 + 1. */
const windows = (first: number): Windows => ({
  kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 1, horizon: 1, count: 4,
  x: new Float32Array(4), y: new Float32Array([0, 0.25, 0.5, 0.75]),
  index: Int32Array.from([0, 1, 2, 3], (i) => first + i), tail: new Float32Array(1), seriesLength: 20,
  transforms: [{ type: 'affine', by: 'scaler/minmax', scale: [0.5], offset: [1] }],
});
const split: Split = { kind: 'split', train: windows(1), test: windows(10) };
/** Predicts the targets off by +0.5, 0, −0.25, 0 (scaled units). */
const offBy: Forecaster = {
  kind: 'forecaster', impl: 'fixed', lookback: 1, features: 1, horizon: 1, targets: 1, summary: {},
  predict: async (_x, count) => { expect(count).toBe(4); return new Float32Array([0.5, 0.25, 0.25, 0.75]); },
};

describe('evaluator/regression', () => {
  it('computes metrics in scaled and original units', async () => {
    const m = await regressionEvaluator.run(ctx, { model: offBy, data: split }, all);
    const mse = (0.25 + 0.0625) / 4;
    expect(m.values.mse).toBeCloseTo(mse, 12);
    expect(m.values.rmse).toBeCloseTo(Math.sqrt(mse), 12);
    expect(m.values.mae).toBeCloseTo(0.75 / 4, 12);
    // Original units are scaled units / 0.5: errors double, squared errors quadruple.
    expect(m.values.mse_original).toBeCloseTo(4 * mse, 12);
    expect(m.values.rmse_original).toBeCloseTo(2 * Math.sqrt(mse), 12);
    expect(m.values.mae_original).toBeCloseTo(0.75 / 2, 12);
    expect(m.details).toMatchObject({ part: 'test', windows: 4, forecaster: 'fixed' });
  });

  it('records predicted against actual values per row, in original units', async () => {
    const m = await regressionEvaluator.run(ctx, { model: offBy, data: split }, all);
    // original = (scaled − 1) / 0.5
    expect(m.details?.predictions).toEqual({ index: [10, 11, 12, 13], actual: [-2, -1.5, -1, -0.5], predicted: [-1, -1.5, -1.5, -0.5] });
  });

  it('reports only the metrics asked for', async () => {
    const m = await regressionEvaluator.run(ctx, { model: offBy, data: split }, { part: 'train', metrics: ['mae'] });
    expect(Object.keys(m.values).sort()).toEqual(['mae', 'mae_original']);
  });

  it('says so when the split has no validation part', async () => {
    await expect(regressionEvaluator.run(ctx, { model: offBy, data: split }, { ...all, part: 'validation' })).rejects.toThrow(/no validation part/);
  });

  it('rejects a forecaster built for other windows', async () => {
    await expect(regressionEvaluator.run(ctx, { model: { ...offBy, lookback: 10 }, data: split }, all)).rejects.toThrow(/lookback 10 vs 1/);
  });

  it('rejects a forecaster that returns the wrong number of values', async () => {
    const short: Forecaster = { ...offBy, predict: async () => new Float32Array(3) };
    await expect(regressionEvaluator.run(ctx, { model: short, data: split }, all)).rejects.toThrow(/returned 3 values, expected 4/);
  });
});
