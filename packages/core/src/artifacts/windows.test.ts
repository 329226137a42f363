import { describe, expect, it } from 'vitest';
import type { Windows } from './kinds.js';
import { gatherX, gatherY, windowsBySeries, windowSeries } from './windows.js';

/** Two series of one column: p = rows 0..4 (values 0..4), q = rows 5..7 (50, 51, 52). */
const w = (index: number[]): Windows => ({
  kind: 'windows', columns: ['v'], targetColumns: [0], lookback: 3, horizon: 1, count: index.length,
  data: Float64Array.of(0, 1, 2, 3, 4, 50, 51, 52), rows: 8, index: Int32Array.from(index), transforms: [],
  ids: ['p', 'q'], offsets: Int32Array.of(0, 5, 8),
});

describe('windows as positions', () => {
  it('gathers inputs and targets, padding inputs before a series\' first row with it', () => {
    const x = w([3, 7, 4, 6]);
    expect([...windowSeries(x)]).toEqual([0, 1, 0, 1]);
    expect([...gatherX(x)]).toEqual([0, 1, 2, 50, 50, 51, 1, 2, 3, 50, 50, 50]);
    expect([...gatherY(x)]).toEqual([3, 52, 4, 51]);
    expect([...gatherX(x, Int32Array.of(3, 0), 0, 1)]).toEqual([50, 50, 50]);
  });

  it('groups windows by series in window order', () => {
    const { starts, order } = windowsBySeries(w([3, 7, 4, 6]));
    expect([...starts]).toEqual([0, 2, 4]);
    expect([...order]).toEqual([0, 2, 1, 3]);
    expect([...windowsBySeries(w([6])).starts]).toEqual([0, 0, 1]);
  });
});
