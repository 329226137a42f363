import { describe, expect, it } from 'vitest';
import { calibrate, seriesWidths } from './calibrate.js';

/** Two series, one step, one target: series a's residuals 1..n, series b's 10× as large with a 10× scale. */
function twoSeries(n: number) {
  const predicted = new Float64Array(2 * n);
  const actual = Float64Array.from({ length: 2 * n }, (_, k) => (k < n ? k + 1 : 10 * (k - n + 1)));
  const series = Int32Array.from({ length: 2 * n }, (_, k) => (k < n ? 0 : 1));
  return { predicted, actual, series, ids: ['a', 'b'], horizon: 1, targets: 1, scales: [[1], [10]] };
}

describe('calibrate', () => {
  it('pools residuals divided by each series scale and multiplies the quantile back', () => {
    // Normalized residuals 1..10 twice (n = 20): the 80% rank is ⌈21·0.8⌉ = 17 → 9.
    const c = calibrate(twoSeries(10), [80], 'pooled', 'validation');
    expect(c.pooledCount).toBe(20);
    expect(Array.from(c.table.pooled)).toEqual([9]);
    const own = new Map<number, number>();
    expect(Array.from(seriesWidths(c.table, 0, own))).toEqual([9]);
    expect(Array.from(seriesWidths(c.table, 1, own))).toEqual([90]);
  });

  it('scope series: a series with enough windows uses its own residuals', () => {
    // 19 windows each: enough for 95% (rank 19 → the largest).
    const c = calibrate(twoSeries(19), [95], 'series', 'validation');
    expect(Array.from(c.table.ownSeries)).toEqual([0, 1]);
    expect(Array.from(c.table.own)).toEqual([19, 190]);
  });

  it('refuses a level the calibration windows are too few for, rather than an infinite width', () => {
    expect(() => calibrate(twoSeries(9), [95], 'pooled', 'validation')).toThrow(expect.objectContaining({ code: 'E_CONFORMAL_TOO_FEW' }));
    // 18 pooled residuals: enough for 80% but not 95%.
    expect(() => calibrate(twoSeries(9), [80, 95], 'pooled', 'validation')).toThrow(/95% interval needs at least 19/);
  });

  it('gives a series without a scale its own widths (the largest residual when too few)', () => {
    const d = { ...twoSeries(10), scales: [[1], [undefined]] };
    const c = calibrate(d, [80], 'pooled', 'validation');
    expect(c.unscaledShort).toBe(0); // 10 windows ≥ 4 needed for 80%
    expect(Array.from(c.table.ownSeries)).toEqual([1]);
    // Series b alone: residuals 10..100, rank ⌈11·0.8⌉ = 9 → 90. Series a from the pool of its own 10: rank 9 → 9.
    expect(Array.from(c.table.own)).toEqual([90]);
    expect(Array.from(c.table.pooled)).toEqual([9]);
  });

  it('keeps horizon steps apart', () => {
    // One series, 2 steps, 4 windows: step 1 residuals 1..4, step 2 residuals 10..40.
    const predicted = new Float64Array(8);
    const actual = Float64Array.from([1, 10, 2, 20, 3, 30, 4, 40]);
    const c = calibrate({ predicted, actual, series: new Int32Array(4), ids: ['series'], horizon: 2, targets: 1, scales: [[2]] }, [50], 'pooled', 'validation');
    // Rank ⌈5·0.5⌉ = 3: 3/2 and 30/2 normalized; × scale 2 back.
    expect(Array.from(c.table.pooled)).toEqual([1.5, 15]);
    expect(Array.from(seriesWidths(c.table, 0, new Map()))).toEqual([3, 30]);
  });
});
