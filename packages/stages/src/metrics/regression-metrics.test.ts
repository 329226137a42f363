import { describe, expect, it } from 'vitest';
import { mae, mape, mse, naiveScale, r2, rmse, smape } from './regression-metrics.js';

describe('regression metrics', () => {
  const predicted = [1, 2, 3, 4];
  const actual = [1, 0, 3, 7]; // errors 0, 2, 0, -3

  it('computes mse, rmse and mae', () => {
    expect(mse(predicted, actual)).toBe(13 / 4);
    expect(rmse(predicted, actual)).toBe(Math.sqrt(13 / 4));
    expect(mae(predicted, actual)).toBe(5 / 4);
  });

  it('accumulates float32 inputs in float64', () => {
    const p = new Float32Array([0.1, 0.2]);
    const a = new Float32Array([0, 0]);
    expect(mse(p, a)).toBe((p[0]! * p[0]! + p[1]! * p[1]!) / 2);
  });

  it('rejects mismatched or empty inputs', () => {
    expect(() => mse([1], [1, 2])).toThrow(/as many/);
    expect(() => mae([], [])).toThrow(/at least one/);
  });

  it('skips zero actuals in MAPE and is undefined when all are zero', () => {
    expect(mape([1, 2], [0, 4])).toBe(50);
    expect(mape([1], [0])).toBeUndefined();
  });

  it('counts a both-zero point as 0 in sMAPE', () => {
    expect(smape([0, 1], [0, 3])).toBe((100 * (2 * 2) / 4) / 2);
  });

  it('leaves R² undefined for constant actuals', () => {
    expect(r2([1, 2], [3, 3])).toBeUndefined();
    expect(r2([1, 2], [1, 2])).toBe(1);
  });

  it('scales MASE by the (seasonal) naive in-sample MAE, skipping gaps', () => {
    const rows = new Map([[0, 1], [1, 3], [2, 2], [5, 10]]);
    expect(naiveScale(rows, 1)).toBe((2 + 1) / 2);
    expect(naiveScale(rows, 2)).toBe(1);
    expect(naiveScale(new Map([[0, 1], [1, 1]]), 1)).toBeUndefined();
  });
});
