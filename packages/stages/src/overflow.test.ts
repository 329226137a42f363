/** Values at the edge of float64 fail E_VALUE_OVERFLOW at the stage whose arithmetic overflows. */
import { testContext } from '@seqpipe/core';
import type { Forecaster, Series } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { regressionEvaluator } from './evaluators/regression.evaluator.js';
import { minMaxScaler } from './scalers/min-max.scaler.js';
import { robustScaler } from './scalers/robust.scaler.js';
import { standardScaler } from './scalers/standard.scaler.js';
import { ratioSplitter } from './splitters/ratio.splitter.js';
import { diffTransform } from './transforms/diff.transform.js';
import { slidingWindower } from './windowers/sliding.windower.js';

const ctx = testContext();
const series = (values: number[]): Series => ({ kind: 'series', columns: ['v'], length: values.length, values: Float64Array.from(values), transforms: [] });
const huge = series(Array.from({ length: 30 }, (_, i) => [1.7e308, -1.7e308, 0][i % 3]!));
const overflow = { code: 'E_VALUE_OVERFLOW' };

describe('overflow', () => {
  it('every scaler refuses a fit that overflowed (max − min, a sum, a spread)', async () => {
    for (const [scaler, extra] of [[minMaxScaler, { range: [0, 1] }], [standardScaler, {}], [robustScaler, {}]] as const) {
      await expect(scaler.run(ctx, { series: huge }, { ...extra, fitFraction: 1 } as never), scaler.uses).rejects.toMatchObject(overflow);
    }
  });

  it('a scaler refuses a row outside its fit rows that scales past float64', async () => {
    const tiny = series([...Array.from({ length: 9 }, (_, i) => i * 1e-15), 1e300]);
    await expect(minMaxScaler.run(ctx, { series: tiny }, { range: [0, 1], fitFraction: 0.5 })).rejects.toMatchObject(overflow);
  });

  it('transform/diff refuses a difference that overflowed', async () => {
    await expect(diffTransform.run(ctx, { series: huge }, { order: 1, lag: 1 })).rejects.toMatchObject(overflow);
  });

  it('the windower refuses values float32 windows cannot hold', async () => {
    await expect(slidingWindower.run(ctx, { series: series([1, 2, 1e39, 3, 4, 5]) }, { lookback: 2, horizon: 1, stride: 1, features: 'all', dropLast: true }))
      .rejects.toMatchObject(overflow);
  });

  it('the evaluator never reports a non-finite metric: an overflowed one is an error', async () => {
    // Around 1e300 the scaled values are fine, but squared errors in original units overflow.
    const big = series(Array.from({ length: 30 }, (_, i) => (1 + ((i * 7) % 11) / 10) * 1e300));
    const scaled = await minMaxScaler.run(ctx, { series: big }, { range: [0, 1], fitFraction: 1 });
    const windows = await slidingWindower.run(ctx, { series: scaled }, { lookback: 2, horizon: 1, stride: 1, features: 'all', dropLast: true });
    const data = await ratioSplitter.run(ctx, { windows }, { train: 0.7, validation: 0, gap: 0 });
    const constant = (value: number): Forecaster => ({
      kind: 'forecaster', impl: 'constant', lookback: 2, features: 1, horizon: 1, targets: 1, summary: {},
      predict: async (_x, count) => new Float32Array(count).fill(value),
    });
    const params = { part: 'test', metrics: ['mse', 'rmse', 'mae'], period: 1 } as const;
    await expect(regressionEvaluator.run(ctx, { model: constant(0.5), data }, params)).rejects.toMatchObject(overflow);
    // Model units alone stay finite and are reported.
    const modelUnits = await regressionEvaluator.run(ctx, { model: constant(0.5), data: await ratioSplitter.run(ctx, { windows: await slidingWindower.run(ctx, { series: series(Array.from({ length: 30 }, (_, i) => i % 5)) }, { lookback: 2, horizon: 1, stride: 1, features: 'all', dropLast: true }) }, { train: 0.7, validation: 0, gap: 0 }) }, params);
    expect(Object.values(modelUnits.values).every(Number.isFinite)).toBe(true);
    // A forecaster predicting NaN is refused by name rather than scored as nothing.
    await expect(regressionEvaluator.run(ctx, { model: constant(NaN), data }, params)).rejects.toThrow(/predicted NaN/);
  });
});
