import { describe, expect, it } from 'vitest';
import { acd, coverage, intervalScore, meanPinball, msis, pinballLoss } from './interval-metrics.js';

describe('interval metrics', () => {
  it('coverage counts actual values inside the bounds, bounds included', () => {
    expect(coverage([0, 0, 0, 0], [1, 1, 1, 1], [0, 0.5, 1, 1.5])).toBe(0.75);
  });

  it('MSIS is the M4 formula, mean over the horizon divided by the seasonal-naive in-sample MAE', () => {
    // α = 0.05 → 2/α = 40. Points: inside (width 2), below L by 0.5 (2 + 20), above U by 1 (2 + 40).
    expect(intervalScore(0, 2, 1, 0.05)).toBe(2);
    expect(intervalScore(0, 2, -0.5, 0.05)).toBe(22);
    expect(intervalScore(0, 2, 3, 0.05)).toBe(42);
    // In-sample 1, 3, 2, 4 with period 1: naive MAE (2 + 1 + 2) / 3 = 5/3. MSIS = mean(2, 22, 42) / (5/3) = 22 · 3/5.
    expect(msis([0, 0, 0], [2, 2, 2], [1, -0.5, 3], [5 / 3])).toBeCloseTo(13.2, 12);
    expect(msis([0], [1], [0], [undefined])).toBeUndefined();
  });

  it('ACD is |coverage − level|', () => {
    expect(acd(0.9, 95)).toBeCloseTo(0.05, 12);
    expect(acd(0.99, 95)).toBeCloseTo(0.04, 12);
  });

  it('pinball reads the bounds as the (1 ∓ level)/2 quantiles', () => {
    expect(pinballLoss(1, 3, 0.1)).toBeCloseTo(0.2, 12); // above: τ·(y − q)
    expect(pinballLoss(1, 0, 0.1)).toBeCloseTo(0.9, 12); // below: (1 − τ)·(q − y)
    // Level 80: lower at τ = 0.1, upper at τ = 0.9. Actual 0.5 inside [0, 1]: 0.1·0.5 + 0.1·0.5 = 0.1;
    // actual 2 above: 0.1·2 + 0.9·1 = 1.1. Mean over 2 points × 2 bounds: (0.1 + 1.1) / 4.
    expect(meanPinball([80], [[0, 0]], [[1, 1]], [0.5, 2])).toBeCloseTo(0.3, 12);
  });
});
