import type { Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { pointForecast, quantileIntervals, quantileLevels, quantilePairs, sortQuantiles } from './quantiles.js';

describe('quantile outputs', () => {
  it('levels are the central levels of symmetric pairs, ascending; unpaired quantiles give none', () => {
    expect(quantileLevels([0.025, 0.5, 0.975])).toEqual([95]);
    expect(quantileLevels([0.025, 0.1, 0.5, 0.9, 0.975])).toEqual([80, 95]);
    expect(quantilePairs([0.025, 0.1, 0.5, 0.9, 0.975])).toEqual([{ level: 80, lower: 1, upper: 3 }, { level: 95, lower: 0, upper: 4 }]);
    expect(quantileLevels([0.05, 0.25, 0.5, 0.9])).toEqual([]);
    expect(quantileLevels([0.005, 0.5, 0.995])).toEqual([99]);
  });

  it('sorts crossed quantiles per point, then takes the 0.5 column as the point forecast', () => {
    // Two points × Q=3; the second point is crossed.
    const sorted = sortQuantiles(Float32Array.from([1, 2, 3, 5, 4, 3]), 3);
    expect([...sorted]).toEqual([1, 2, 3, 3, 4, 5]);
    expect([...pointForecast(sorted, [0.1, 0.5, 0.9])]).toEqual([2, 4]);
    expect(() => pointForecast(sorted, [0.1, 0.4, 0.9])).toThrow(/0\.5/);
  });

  it('intervals come back in original units with lower ≤ upper', () => {
    // One series of 6 rows, an affine transform y' = (y − 10) / 2 on column 0; windows at rows 3, 4 with horizon 2.
    const w: Windows = {
      kind: 'windows', columns: ['y'], targetColumns: [0], lookback: 2, horizon: 2, count: 2,
      data: new Float64Array(6), rows: 6, index: Int32Array.from([3, 4]),
      transforms: [{ type: 'affine', by: 'test', scale: [0.5], offset: [-5] }],
    };
    // [count 2, horizon 2, targets 1, Q 3] model units.
    const raw = sortQuantiles(Float32Array.from([-1, 0, 1, -2, 0, 2, 0, 1, 2, 1, 1, 1]), 3);
    const { levels, lower, upper } = quantileIntervals(raw, [0.025, 0.5, 0.975], w);
    expect(levels).toEqual([95]);
    expect([...lower[0]!]).toEqual([8, 6, 10, 12]);
    expect([...upper[0]!]).toEqual([12, 14, 14, 12]);
  });
});
