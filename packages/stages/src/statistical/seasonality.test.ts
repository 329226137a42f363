import { describe, expect, it } from 'vitest';
import { autocorrelations, isSeasonal, multiplicativeIndices, seasonalAdjustment } from './seasonality.js';

const shape = [0.5, 1, 1.5, 1];
/** An exact multiplicative cycle of period 4 around level 10. */
const cyclic = (n: number): Float64Array => Float64Array.from({ length: n }, (_, t) => 10 * shape[t % 4]!);

describe('seasonality', () => {
  it('computes autocorrelations with divisor n around the mean', () => {
    const r = autocorrelations(Float64Array.of(1, 2, 3, 4), 2);
    expect(r[0]).toBeCloseTo(0.25, 15);
    expect(r[1]).toBeCloseTo(-0.3, 15);
  });

  it('calls a repeated cycle seasonal and a line, a short series or period 1 not', () => {
    expect(isSeasonal(cyclic(24), 4)).toBe(true);
    expect(isSeasonal(Float64Array.from({ length: 24 }, (_, t) => t), 4)).toBe(false);
    expect(isSeasonal(cyclic(11), 4)).toBe(false); // fewer than 3 periods
    expect(isSeasonal(cyclic(24), 1)).toBe(false);
    expect(isSeasonal(Float64Array.from({ length: 30 }, () => 5), 4)).toBe(false); // constant: r is NaN
  });

  it('recovers exact multiplicative indices with the centred 2x4 moving average', () => {
    const idx = multiplicativeIndices(cyclic(16), 4);
    shape.forEach((s, i) => expect(idx[i]).toBeCloseTo(s, 14));
    expect(() => multiplicativeIndices(cyclic(7), 4)).toThrow(RangeError);
  });

  it('adjusts the history and continues the indices from where it ends', () => {
    const a = seasonalAdjustment(cyclic(18), 3, 4);
    expect(a.seasonal).toBe(true);
    a.adjusted.forEach((v) => expect(v).toBeCloseTo(10, 12));
    // The history ends at position 17 (17 % 4 = 1), so the steps fall on positions 2, 3, 0.
    expect(Array.from(a.outIndices).map((v) => Number(v.toFixed(12)))).toEqual([1.5, 1, 0.5]);
    const none = seasonalAdjustment(Float64Array.of(1, 2, 3), 2, 4);
    expect(none.seasonal).toBe(false);
    expect(Array.from(none.outIndices)).toEqual([1, 1]);
  });
});
