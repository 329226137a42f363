import type { Windows } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { gatherX, gatherY, testContext } from '@seqpipe/core';
import { partSizes, ratioSplitter } from './ratio.splitter.js';

const ctx = testContext();
const defaults = { train: 0.8, validation: 0, gap: 0 };
/** n windows of lookback 2 over rows valued 0..n+1 (time 10 × row): window k reads rows k, k + 1 and predicts row k + 2. */
const windows = (n: number): Windows => ({
  kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 2, horizon: 1, count: n,
  data: Float64Array.from({ length: n + 2 }, (_, r) => r), rows: n + 2,
  index: Int32Array.from({ length: n }, (_, k) => k + 2),
  time: Float64Array.from({ length: n + 2 }, (_, r) => 10 * r), transforms: [],
});

describe('splitter/ratio', () => {
  it('splits the tutorial 989 windows into 791 train and 198 test', () => {
    expect(partSizes(989, defaults)).toEqual({ train: 791, validation: 0, test: 198 });
  });

  it('slices each part in time order, sharing the rows and columns', async () => {
    const w = windows(10);
    const split = await ratioSplitter.run(ctx, { windows: w }, defaults);
    expect(split.validation).toBeUndefined();
    expect(split.train.count).toBe(8);
    expect(split.test.count).toBe(2);
    expect([...gatherX(split.test)]).toEqual([8, 9, 9, 10]);
    expect([...gatherY(split.test)]).toEqual([10, 11]);
    expect([...split.test.index]).toEqual([10, 11]);
    expect(split.train.data).toBe(w.data);
    expect(split.test).toMatchObject({ columns: ['v'], lookback: 2, rows: 12 });
  });

  it('splits each series of a panel by the fractions on its own', async () => {
    // Series p has 10 windows (rows 0..11), q has 5 (rows 12..18).
    const w: Windows = {
      ...windows(17), rows: 19, data: Float64Array.from({ length: 19 }, (_, r) => r), time: undefined,
      ids: ['p', 'q'], offsets: Int32Array.of(0, 12, 19),
      index: Int32Array.from([...Array.from({ length: 10 }, (_, k) => k + 2), ...Array.from({ length: 5 }, (_, k) => 14 + k)]),
      count: 15,
    };
    const split = await ratioSplitter.run(ctx, { windows: w }, { ...defaults, train: 0.6 });
    expect([...split.train.index]).toEqual([2, 3, 4, 5, 6, 7, 14, 15, 16]);
    expect([...split.test.index]).toEqual([8, 9, 10, 11, 17, 18]);
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
