import { describe, expect, it } from 'vitest';
import { m4Mase, m4MaseScale, m4Smape, owa } from './m4-metrics.js';

describe('M4 metrics', () => {
  it('computes sMAPE in percent as the mean of 200|y - f| / (|y| + |f|)', () => {
    expect(m4Smape([110, 180], [100, 200])).toBeCloseTo((2000 / 210 + 4000 / 380) / 2, 12);
    expect(m4Smape([0, 5], [0, 5])).toBe(0); // a both-zero point counts 0
    expect(m4Smape([-1], [1])).toBe(200);
    expect(() => m4Smape([1], [1, 2])).toThrow(/as many/);
  });

  it('scales MASE by the in-sample MAE of the seasonal-naive forecast at lag period', () => {
    expect(m4MaseScale([1, 2, 4, 7], 1)).toBe(2);
    expect(m4MaseScale([1, 2, 4, 7], 2)).toBe(4);
    expect(m4Mase([8, 9], [10, 10], [1, 2, 4, 7], 1)).toBe(0.75);
    expect(m4Mase([8], [10], [3, 3, 3], 1)).toBe(Number.POSITIVE_INFINITY);
    expect(m4MaseScale([1], 1)).toBeNaN();
    expect(() => m4MaseScale([1, 2], 0)).toThrow(RangeError);
  });

  it('averages the two ratios to Naive2 into OWA', () => {
    expect(owa({ smape: 10, mase: 2 }, { smape: 20, mase: 1 })).toBe(1.25);
  });
});
