import { describe, expect, it } from 'vitest';
import { mae, mse, rmse } from './regression-metrics.js';

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
});
