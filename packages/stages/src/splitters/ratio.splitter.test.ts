import type { Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { testContext } from '@seqpipe/core';
import { partSizes, ratioSplitter } from './ratio.splitter.js';

const ctx = testContext();
const defaults = { train: 0.8, validation: 0, gap: 0 };
/** n windows of lookback 2, one feature: window k has x = [k, k + 0.5], y = k + 2, index k + 2. */
const windows = (n: number): Windows => ({
  kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 2, horizon: 1, count: n,
  x: Float32Array.from({ length: 2 * n }, (_, i) => Math.floor(i / 2) + (i % 2) * 0.5),
  y: Float32Array.from({ length: n }, (_, k) => k + 2),
  index: Int32Array.from({ length: n }, (_, k) => k + 2),
  time: Float64Array.from({ length: n }, (_, k) => 10 * k),
  tail: new Float32Array([7, 8]), seriesLength: n + 2, transforms: [],
});

describe('splitter/ratio', () => {
  it('splits the tutorial 989 windows into 791 train and 198 test', () => {
    expect(partSizes(989, defaults)).toEqual({ train: 791, validation: 0, test: 198 });
  });

  it('slices each part in time order, keeping tail and columns', async () => {
    const split = await ratioSplitter.run(ctx, { windows: windows(10) }, defaults);
    expect(split.validation).toBeUndefined();
    expect(split.train.count).toBe(8);
    expect(split.test.count).toBe(2);
    expect([...split.test.x]).toEqual([8, 8.5, 9, 9.5]);
    expect([...split.test.y]).toEqual([10, 11]);
    expect([...split.test.index]).toEqual([10, 11]);
    expect([...split.test.time!]).toEqual([80, 90]);
    expect([...split.train.tail]).toEqual([7, 8]);
    expect(split.test).toMatchObject({ columns: ['v'], lookback: 2, seriesLength: 12 });
  });

  it('places validation after train and drops gap windows between parts', async () => {
    const split = await ratioSplitter.run(ctx, { windows: windows(20) }, { train: 0.5, validation: 0.2, gap: 2 });
    expect([...split.train.index]).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]); // windows 0..9
    expect([...split.validation!.index]).toEqual([14, 15, 16, 17]); // windows 12..15
    expect([...split.test.index]).toEqual([20, 21]); // windows 18..19
  });

  it('check: E_SPLIT_RANGE when train + validation leaves no test', () => {
    expect(ratioSplitter.check!({ train: 0.8, validation: 0.2, gap: 0 }, {})).toMatchObject({
      issues: [{ code: 'E_SPLIT_RANGE', severity: 'error', path: ['validation'] }],
    });
    // 0.7 + 0.3 is 0.9999999999999999 in floating point: still no room for a test part.
    expect(ratioSplitter.check!({ train: 0.7, validation: 0.3, gap: 0 }, {}).issues).toMatchObject([{ code: 'E_SPLIT_RANGE' }]);
  });

  it('check: E_EMPTY_PART names the part to change', () => {
    const check = (p: Partial<typeof defaults>, n: number) => ratioSplitter.check!({ ...defaults, ...p }, { windows: { windows: n } }).issues;
    expect(check({ train: 0.1 }, 5)).toMatchObject([{ code: 'E_EMPTY_PART', path: ['train'], message: expect.stringContaining('train') }]);
    expect(check({ train: 0.5, validation: 0.1 }, 5)).toMatchObject([{ code: 'E_EMPTY_PART', path: ['validation'] }]);
    // Floored fractions below 1 always leave a test window; only gaps can take it.
    expect(check({ train: 0.9 }, 5)).toEqual([]);
    expect(check({ gap: 2 }, 10)).toMatchObject([{ code: 'E_EMPTY_PART', path: ['gap'], message: expect.stringContaining('test') }]);
    expect(check({}, 989)).toEqual([]);
  });

  it('refuses at run time to produce an empty part', async () => {
    await expect(ratioSplitter.run(ctx, { windows: windows(3) }, { ...defaults, train: 0.2 })).rejects.toThrow(/train part would be empty/);
  });
});
