import { gatherX, gatherY, testContext } from '@seqpipe/core';
import type { Series } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { minMaxScaler } from '../scalers/min-max.scaler.js';
import { slidingWindower } from '../windowers/sliding.windower.js';
import { holdoutSplitter } from './holdout.splitter.js';

const windowing = { lookback: 3, horizon: 2, stride: 1, features: 'all', dropLast: false } as const;
/** A panel of one column: series s has `lengths[s]` rows valued 100·s + row. */
const panel = (lengths: number[]): Series => {
  const values: number[] = [];
  lengths.forEach((n, s) => { for (let r = 0; r < n; r++) values.push(100 * s + r); });
  const offsets = Int32Array.from(lengths.reduce((o, n) => [...o, o.at(-1)! + n], [0]));
  return { kind: 'series', columns: ['v'], length: values.length, values: Float64Array.from(values), transforms: [], ids: lengths.map((_, s) => `s${s}`), offsets };
};

describe('splitter/holdout', () => {
  it('holds out the last test rows of every series, one origin each, no training target touching them', async () => {
    const ctx = testContext();
    const w = await slidingWindower.run(ctx, { series: panel([10, 4, 2]) }, windowing);
    const split = await holdoutSplitter.run(ctx, { windows: w }, { test: 2, validation: 0 });
    // s0 (rows 0..9): training targets end at row 7, the test window predicts rows 8, 9. s1 (rows
    // 10..13) is too short for a training window but is forecast from row 12. s2 (rows 14, 15) has
    // no row before its test rows.
    expect([...split.test.index]).toEqual([8, 12]);
    expect([...gatherY(split.test)]).toEqual([8, 9, 102, 103]);
    for (let k = 0; k < split.train.count; k++) expect(split.train.index[k]! + 2).toBeLessThanOrEqual(split.train.index[k]! < 10 ? 8 : 12);
    expect([...split.train.index]).toEqual([3, 4, 5, 6]);
    // s1's test window starts 2 rows in: its first input row repeats the series' first value.
    expect([...gatherX(split.test)].slice(3)).toEqual([100, 100, 101]);
    expect(ctx.logs).toContain('warn: 1 of 3 series have no row before their last 2: they are not forecast or scored');
  });

  it('places validation windows before the test rows, and a single series works as a panel of one', async () => {
    const ctx = testContext();
    const series: Series = { kind: 'series', columns: ['v'], length: 12, values: Float64Array.from({ length: 12 }, (_, i) => i), transforms: [] };
    const w = await slidingWindower.run(ctx, { series }, windowing);
    const split = await holdoutSplitter.run(ctx, { windows: w }, { test: 2, validation: 3 });
    expect([...split.test.index]).toEqual([10]);
    expect([...split.validation!.index]).toEqual([7, 8]);
    expect([...split.train.index]).toEqual([3, 4, 5]);
  });

  it('refuses test or validation rows shorter than the horizon (E_HOLDOUT_RANGE)', async () => {
    const w = await slidingWindower.run(testContext(), { series: panel([10]) }, windowing);
    await expect(holdoutSplitter.run(testContext(), { windows: w }, { test: 1, validation: 0 })).rejects.toThrow(/holdout invalid: 1 test rows/);
    await expect(holdoutSplitter.run(testContext(), { windows: w }, { test: 2, validation: 1 })).rejects.toThrow(/1 validation rows/);
  });

  it('fits a scaler on each series\' rows before its held-out rows (the chain from the validator)', async () => {
    const fitTo = [{ uses: 'windower/sliding', params: windowing }, { uses: 'splitter/holdout', params: { test: 2, validation: 0 } }];
    const scaled = await minMaxScaler.run(testContext(), { series: panel([10, 4]) }, { range: [0, 1], fitTo } as never);
    // s0 fits on rows 0..7 (0..7), s1 on rows 0..1 (100, 101): the held-out rows scale past 1.
    const want = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((v) => v / 7).concat([0, 1, 2, 3]);
    [...scaled.values].forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
    expect(scaled.transforms[0]).toMatchObject({ type: 'affine', seriesCount: 2 });
  });
});

