import type { Forecaster, Split, Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { metricsCodec, testContext } from '@seqpipe/core';
import { createNaiveForecaster } from '../baselines/naive-forecaster.js';
import { regressionEvaluator } from './regression.evaluator.js';

const ctx = testContext();
const every = { part: 'test', metrics: ['mse', 'rmse', 'mae', 'mape', 'smape', 'mase', 'r2'], period: 1 } as const;

/**
 * Two series in original units, A = 1…6 (rows 0–5) and B = 10, 8, 12, 10, 14, 12 (rows 6–11),
 * scaled per series (A: ×0.5, B: ×0.25 + 1; exact in float32). Lookback 1, horizon 2: training
 * windows predict rows 1–3 of A and 7–9 of B; the test windows rows 4–5 and 10–11.
 */
const A = [1, 2, 3, 4, 5, 6];
const B = [10, 8, 12, 10, 14, 12];
const panelWindows = (index: number[]): Windows => ({
  kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 1, horizon: 2, count: index.length,
  data: Float64Array.from([...A.map((v) => v * 0.5), ...B.map((v) => v * 0.25 + 1)]), rows: 12,
  index: Int32Array.from(index), ids: ['A', 'B'], offsets: Int32Array.of(0, 6, 12),
  transforms: [{ type: 'affine', by: 'scaler/minmax', scale: [0.5, 0.25], offset: [0, 1], seriesCount: 2 }],
});
const panel: Split = { kind: 'split', train: panelWindows([1, 2, 7, 8]), test: panelWindows([4, 10]) };
/** Predicts A: 5, 5 (actual 5, 6) and B: 12, 12 (actual 14, 12), in model units. */
const fixed: Forecaster = {
  kind: 'forecaster', impl: 'fixed', lookback: 1, features: 1, horizon: 2, targets: 1, summary: {},
  predict: async () => Float32Array.of(2.5, 2.5, 4, 4),
};
const naive = createNaiveForecaster({ lookback: 1, features: 1, horizon: 2, targetFeatures: [0] });

describe('evaluator/regression on a panel', () => {
  it('averages sMAPE and MASE over series, each scaled by its own in-sample naive MAE', async () => {
    const m = await regressionEvaluator.run(ctx, { model: fixed, data: panel }, every);
    const smapeA = (200 * 0 / 10 + 200 * 1 / 11) / 2;
    const smapeB = (200 * 2 / 26 + 200 * 0 / 24) / 2;
    expect(m.values.smape).toBeCloseTo((smapeA + smapeB) / 2, 12);
    // In-sample naive MAE: A rows 0–3 step by 1 (scale 1); B rows 6–9: |−2|, 4, |−2| (scale 8/3).
    const maseA = (0 + 1) / 2 / 1;
    const maseB = (2 + 0) / 2 / (8 / 3);
    expect(m.values.mase).toBeCloseTo((maseA + maseB) / 2, 12);
    expect(m.values.mape).toBeCloseTo(((0 + 100 / 6) / 2 + (100 * 2 / 14 + 0) / 2) / 2, 12);
    // Pooled over the 4 points, not averaged per series.
    expect(m.values.mae_original).toBeCloseTo((0 + 1 + 2 + 0) / 4, 12);
    expect(m.values.smape_h1).toBeCloseTo((0 + 200 * 2 / 26) / 2, 12);
    expect(m.details).toMatchObject({ series: 2, windows: 2 });
    expect(m.details?.predictions).toBeUndefined();
  });

  it('reports OWA against a baseline from the means over series (M4)', async () => {
    const m = await regressionEvaluator.run(ctx, { model: fixed, data: panel, baseline: naive }, every);
    // Naive repeats the last input: A 4, 4 (actual 5, 6); B 10, 10 (actual 14, 12).
    const smape = ((200 / 11) / 2 + (400 / 26) / 2) / 2;
    const baseSmape = ((200 / 9 + 400 / 10) / 2 + (800 / 24 + 400 / 22) / 2) / 2;
    const mase = (0.5 + 1 / (8 / 3)) / 2;
    const baseMase = (1.5 / 1 + 3 / (8 / 3)) / 2;
    expect(m.values.owa).toBeCloseTo((smape / baseSmape + mase / baseMase) / 2, 12);
    expect(m.values.skill_smape).toBeCloseTo(1 - smape / baseSmape, 12);
    expect(m.values.skill_mase).toBeCloseTo(1 - mase / baseMase, 12);
  });

  it('returns per-series metrics and forecast points as tables that survive the codec', async () => {
    const m = await regressionEvaluator.run(ctx, { model: fixed, data: panel, baseline: naive }, every);
    const t = (await metricsCodec.decode(await metricsCodec.encode(m))).tables!;
    expect(t.ids).toEqual(['A', 'B']);
    expect(Object.keys(t.series)).toEqual(['series', 'smape', 'mase', 'mape', 'baseline_smape', 'baseline_mase', 'baseline_mape']);
    expect(Array.from(t.series.mase!)).toEqual([0.5, 0.375]);
    expect(Object.keys(t.forecasts)).toEqual(['series', 'row', 'step', 'actual', 'predicted', 'baseline']);
    expect(Array.from(t.forecasts.series!)).toEqual([0, 0, 1, 1]);
    expect(Array.from(t.forecasts.row!)).toEqual([4, 5, 4, 5]);
    expect(Array.from(t.forecasts.step!)).toEqual([1, 2, 1, 2]);
    expect(Array.from(t.forecasts.actual!)).toEqual([5, 6, 14, 12]);
    expect(Array.from(t.forecasts.predicted!)).toEqual([5, 5, 12, 12]);
    expect(Array.from(t.forecasts.baseline!)).toEqual([4, 4, 10, 10]);
  });

  it('leaves a series without MASE out of its mean, and says how many', async () => {
    const flatB = (index: number[]): Windows => {
      const w = panelWindows(index);
      const data = w.data.slice();
      for (let r = 6; r < 10; r++) data[r] = 3.5; // B's in-sample rows constant (original 10)
      return { ...w, data };
    };
    const m = await regressionEvaluator.run(ctx, { model: fixed, data: { kind: 'split', train: flatB([1, 2, 7, 8]), test: flatB([4, 10]) } }, every);
    expect(m.values.mase).toBeCloseTo(0.5, 12);
    expect(m.details).toMatchObject({ series: 2, seriesWithout: { mase: 1 } });
  });
});

describe('evaluator/regression on one series', () => {
  /** A alone (lookback 2, horizon 1): training windows predict rows 2–3 only. */
  const single = (index: number[], panelOfOne: boolean): Windows => ({
    kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 2, horizon: 1, count: index.length,
    data: Float64Array.from([1, 3, 4, 6, 7, 9]), rows: 6, index: Int32Array.from(index),
    ...(panelOfOne ? { ids: ['A'], offsets: Int32Array.of(0, 6) } : {}),
    transforms: [],
  });
  const oneStep: Forecaster = {
    kind: 'forecaster', impl: 'fixed', lookback: 2, features: 1, horizon: 1, targets: 1, summary: {},
    predict: async () => Float32Array.of(8, 8),
  };
  const split = (panelOfOne: boolean): Split => ({ kind: 'split', train: single([2, 3], panelOfOne), test: single([4, 5], panelOfOne) });

  it("scales MASE by the whole in-sample part, the lookback rows no window predicts included", async () => {
    const m = await regressionEvaluator.run(ctx, { model: oneStep, data: split(false) }, every);
    // Rows 0–3 (1, 3, 4, 6): naive MAE (2 + 1 + 2) / 3; the training targets alone (4, 6) would give 2.
    expect(m.values.mase).toBeCloseTo(((1 + 1) / 2) / (5 / 3), 12);
    expect(m.details).toMatchObject({ series: 1 });
    expect(m.details?.predictions).toEqual({ index: [4, 5], actual: [7, 9], predicted: [8, 8] });
  });

  it('gives a panel of one the same metrics, bit for bit', async () => {
    const naive2 = createNaiveForecaster({ lookback: 2, features: 1, horizon: 1, targetFeatures: [0] });
    const one = await regressionEvaluator.run(ctx, { model: oneStep, data: split(false), baseline: naive2 }, every);
    const panelOfOne = await regressionEvaluator.run(ctx, { model: oneStep, data: split(true), baseline: naive2 }, every);
    expect(panelOfOne.values).toEqual(one.values);
    expect(Object.keys(one.values)).toContain('owa');
    expect(panelOfOne.tables?.ids).toEqual(['A']);
    expect(one.tables?.ids).toEqual(['series']);
  });
});
