import { gatherX, gatherY, windowsAtEnds } from '@seqpipe/core';
import type { Series } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { minMaxScaler } from '../scalers/min-max.scaler.js';
import { sineSource } from '../sources/sine.source.js';
import { testContext } from '@seqpipe/core';
import { slidingWindower, windowCount } from './sliding.windower.js';
import type { SlidingParams } from './sliding.windower.js';

const ctx = testContext();
const defaults: SlidingParams = { lookback: 10, horizon: 1, stride: 1, features: 'all', dropLast: true };
/** Rows 0..n-1 with value = row number (column a) and 100 + row (column b). */
const ramp = (n: number): Series => ({
  kind: 'series', columns: ['a', 'b'], length: n, transforms: [{ type: 'affine', by: 't', scale: [2, 3], offset: [0, 1] }],
  values: Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 100 : 0) + Math.floor(i / 2)),
  time: Float64Array.from({ length: n }, (_, i) => 1000 + 10 * i),
});

describe('windower/sliding', () => {
  it('gives the tutorial 989 windows from 1000 points, 990 without dropLast', () => {
    expect(windowCount(1000, defaults)).toBe(989);
    expect(windowCount(1000, { ...defaults, dropLast: false })).toBe(990);
    expect(windowCount(1000, { ...defaults, horizon: 3, stride: 5, dropLast: false })).toBe(198); // starts 0..985
    expect(windowCount(11, defaults)).toBe(0);
  });

  it('cuts the tutorial windows: x = rows i..i+9, y = row i+10, in float32', async () => {
    const sine = await sineSource.run(ctx, {}, { points: 1000, start: 0, stop: 100, amplitude: 1, column: 'value' });
    const series = await minMaxScaler.run(ctx, { series: sine }, { range: [0, 1], fitFraction: 1 });
    const w = await slidingWindower.run(ctx, { series }, defaults);
    expect(w).toMatchObject({ kind: 'windows', count: 989, lookback: 10, horizon: 1, columns: ['value'], targetColumns: [0], rows: 1000 });
    const x = gatherX(w);
    const y = gatherY(w);
    expect(x).toHaveLength(9890);
    expect([...x.subarray(0, 10)]).toEqual([...series.values.subarray(0, 10)].map(Math.fround));
    expect(y[0]).toBe(Math.fround(series.values[10]!));
    expect(y[0]).toBe(Math.fround(0.9210057033882568)); // numpy reference
    expect(w.index[0]).toBe(10);
    expect(w.index[988]).toBe(998);
    expect(y[988]).toBe(Math.fround(series.values[998]!));
    expect(w.time![w.index[988]!]).toBe(sine.time![998]);
    expect([...gatherX(windowsAtEnds(w))]).toEqual([...series.values.subarray(990)].map(Math.fround));
    expect(w.transforms).toEqual(series.transforms);
  });

  it('handles horizon, stride, time and a chosen target among all features', async () => {
    const w = await slidingWindower.run(ctx, { series: ramp(12) }, { ...defaults, lookback: 3, horizon: 2, stride: 2, target: 'b', dropLast: false });
    expect(w.count).toBe(4); // starts 0, 2, 4, 6
    expect(w.columns).toEqual(['a', 'b']);
    expect(w.targetColumns).toEqual([1]);
    expect([...gatherX(w).subarray(6, 12)]).toEqual([2, 102, 3, 103, 4, 104]); // window 1 starts at row 2
    expect([...gatherY(w).subarray(2, 4)]).toEqual([105, 106]);
    expect([...w.index]).toEqual([3, 5, 7, 9]);
    expect([...w.index].map((i) => w.time![i])).toEqual([1030, 1050, 1070, 1090]);
    expect([...gatherX(windowsAtEnds(w))]).toEqual([9, 109, 10, 110, 11, 111]);
  });

  it('with features "target" keeps only that column, and its transform', async () => {
    const w = await slidingWindower.run(ctx, { series: ramp(6) }, { ...defaults, lookback: 2, target: 'b', features: 'target' });
    expect(w.columns).toEqual(['b']);
    expect(w.targetColumns).toEqual([0]);
    expect([...gatherX(w).subarray(0, 2)]).toEqual([100, 101]);
    expect(w.transforms).toEqual([{ type: 'affine', by: 't', scale: [3], offset: [1] }]);
  });

  it('cuts each series of a panel on its own: no window crosses series; short series are counted', async () => {
    const ctx2 = testContext();
    // Series p: rows 0..5, q: rows 6..7 (too short for lookback 2 + horizon 1 + dropLast), r: rows 8..12.
    const panel: Series = { ...ramp(13), ids: ['p', 'q', 'r'], offsets: Int32Array.of(0, 6, 8, 13) };
    const w = await slidingWindower.run(ctx2, { series: panel }, { ...defaults, lookback: 2 });
    expect([...w.index]).toEqual([2, 3, 4, 10, 11]);
    expect(w).toMatchObject({ ids: ['p', 'q', 'r'], rows: 13 });
    expect([...gatherY(w)]).toEqual([2, 3, 4, 10, 11]);
    expect(ctx2.logs.some((l) => /^warn: 1 of 3 series are shorter than 4 rows/.test(l))).toBe(true);
    // Forecasts past each series' end read its last rows; q is padded with its first row.
    expect([...gatherX(windowsAtEnds(w))].filter((_, i) => i % 2 === 0)).toEqual([4, 5, 6, 7, 11, 12]);
    expect([...gatherX(windowsAtEnds({ ...w, lookback: 3 }, [1]))].filter((_, i) => i % 2 === 0)).toEqual([6, 6, 7]);
  });

  it('names the columns when the target is unknown', async () => {
    await expect(slidingWindower.run(ctx, { series: ramp(20) }, { ...defaults, target: 'c' })).rejects.toThrow(/"c".*"a", "b"/);
  });

  it('check: E_WINDOW_TOO_LONG on lookback when no window fits; facts otherwise', () => {
    expect(slidingWindower.check!(defaults, { series: { length: 11, columns: 1 } })).toMatchObject({
      issues: [{ code: 'E_WINDOW_TOO_LONG', severity: 'error', path: ['lookback'], message: expect.stringContaining('12 rows') }],
    });
    expect(slidingWindower.check!(defaults, { series: { length: 1000, columns: 3 } })).toEqual({ facts: { windows: 989, columns: 3, lookback: 10 }, issues: [] });
    expect(slidingWindower.check!({ ...defaults, features: 'target' }, { series: { columns: 3 } })).toEqual({ facts: { columns: 1, lookback: 10 } });
  });
});
