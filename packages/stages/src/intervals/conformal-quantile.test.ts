import { describe, expect, it } from 'vitest';
import { conformalQuantile, conformalRank, minCalibration } from './conformal-quantile.js';

describe('the split-conformal quantile', () => {
  it('takes the ⌈(n + 1)·level/100⌉-th smallest residual', () => {
    expect(conformalRank(19, 95)).toBe(19); // 20·0.95 = 19 exactly: not rounded up to 20
    expect(conformalRank(20, 95)).toBe(20); // 21·0.95 = 19.95
    expect(conformalRank(9, 80)).toBe(8); // 10·0.8 = 8
    expect(conformalRank(4, 50)).toBe(3); // 5·0.5 = 2.5
    // Residuals 1..19 shuffled: the 95% quantile is the 19th smallest, the 80% the 16th (⌈16⌉).
    const r = [7, 3, 19, 1, 12, 5, 18, 2, 9, 14, 4, 16, 6, 11, 8, 15, 10, 13, 17];
    expect(conformalQuantile(r, 95)).toBe(19);
    expect(conformalQuantile(r, 80)).toBe(16);
    expect(conformalQuantile([0.5, 0.1, 0.3, 0.2], 50)).toBe(0.3);
  });

  it('has no finite quantile when n is too small for the level', () => {
    expect(conformalQuantile(Array.from({ length: 18 }, (_, i) => i), 95)).toBeUndefined();
    expect(conformalQuantile([], 80)).toBeUndefined();
    expect(minCalibration(95)).toBe(19);
    expect(minCalibration(80)).toBe(4);
    expect(minCalibration(50)).toBe(1);
    expect(() => minCalibration(100)).toThrow(RangeError);
  });
});
