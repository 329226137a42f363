import type { Forecaster, Split, Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { testContext } from '@seqpipe/core';
import { createNaiveForecaster } from '../baselines/naive-forecaster.js';
import { regressionEvaluator } from './regression.evaluator.js';

const ctx = testContext();
const all = { part: 'test', metrics: ['mse', 'rmse', 'mae'], period: 1 } as const;
const every = { part: 'test', metrics: ['mse', 'rmse', 'mae', 'mape', 'smape', 'mase', 'r2'], period: 1 } as const;
/** 20 rows: 0, 0.25, 0.5, 0.75 at rows 1–4 and 10–13, 1 at row 9, else 0; scaled = original · 0.5 + 1. */
const rows = (): Float64Array => {
  const d = new Float64Array(20);
  d.set([0, 0.25, 0.5, 0.75], 1);
  d.set([1, 0, 0.25, 0.5, 0.75], 9);
  return d;
};
const data = rows();
/** 4 one-step windows whose targets are 0, 0.25, 0.5, 0.75. */
const windows = (first: number): Windows => ({
  kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 1, horizon: 1, count: 4,
  data, rows: 20, index: Int32Array.from([0, 1, 2, 3], (i) => first + i),
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

  it('computes MAPE, sMAPE, MASE and R² in original units, by hand', async () => {
    // Original actuals −2, −1.5, −1, −0.5; predictions −1, −1.5, −1.5, −0.5; errors 1, 0, 0.5, 0.
    const m = await regressionEvaluator.run(ctx, { model: offBy, data: split }, every);
    expect(m.values.mape).toBeCloseTo((100 * (0.5 + 0 + 0.5 + 0)) / 4, 10);
    expect(m.values.smape).toBeCloseTo((100 * (2 / 3 + 0 + 0.4 + 0)) / 4, 10);
    // Every row before the first test target (row 10), as the M4 scales: rows 0–4 (the lookback row
    // 0 included) original −2, −2, −1.5, −1, −0.5, then the gap rows 5–8 at −2 and row 9 at 0:
    // naive MAE (0 + 0.5 + 0.5 + 0.5 + 1.5 + 0 + 0 + 0 + 2) / 9 = 5 / 9.
    expect(m.values.mase).toBeCloseTo(0.375 / (5 / 9), 10);
    expect(m.values.r2).toBeCloseTo(1 - 1.25 / 1.25, 10);
    expect(Object.keys(m.values).some((k) => k.startsWith('skill_'))).toBe(false);
  });

  it('reports skill against a baseline input', async () => {
    // Naive repeats rows 9–12 (scaled 1, 0, 0.25, 0.5 → original 0, −2, −1.5, −1): errors 2, 0.5, 0.5, 0.5.
    const naive = createNaiveForecaster({ lookback: 1, features: 1, horizon: 1, targetFeatures: [0] });
    const m = await regressionEvaluator.run(ctx, { model: offBy, data: split, baseline: naive }, every);
    expect(m.values.skill_mae).toBeCloseTo(1 - 0.375 / 0.875, 10);
    expect(m.values.skill_mase).toBeCloseTo(1 - 0.375 / 0.875, 10);
    expect(m.values.skill_mse).toBeCloseTo(1 - (1.25 / 4) / (4.75 / 4), 10);
    expect(m.details).toMatchObject({ baseline: 'naive-last' });
  });

  it('leaves out MASE when the training part is constant and reports per-step metrics', async () => {
    const zeros = rows();
    zeros.fill(0, 0, 10); // every row before the test part
    const flat: Split = { kind: 'split', train: { ...windows(1), data: zeros }, test: windows(10) };
    const m = await regressionEvaluator.run(ctx, { model: offBy, data: flat }, every);
    expect(m.values.mase).toBeUndefined();
    expect(m.values.mae_original_h1).toBeUndefined(); // horizon 1: overall only
  });

  it('reports only the metrics asked for', async () => {
    const m = await regressionEvaluator.run(ctx, { model: offBy, data: split }, { part: 'train', metrics: ['mae'], period: 1 });
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
