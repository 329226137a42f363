import { describe, expect, it } from 'vitest';
import { SeqpipeError, testContext } from '@seqpipe/core';
import type { Fail } from './table-columns.js';
import type { TableMapping } from './table-params.js';
import { tableSeries, type SeriesShape } from './table-series.js';

const fail: Fail = (code, message) => new SeqpipeError(code, message, { exitCode: 1 });
const day = (d: number): number => Date.UTC(2000, 0, d);
const shape: SeriesShape = { columns: ['v'], table: 'file "x.parquet"', time: { name: 't', dated: true } };
const mapping: TableMapping = { time: 't', missing: 'error' };

function read(times: number[] | undefined, values: number[], over: Partial<TableMapping> = {}, s: SeriesShape = shape, rowNumbers?: number[]) {
  const ctx = testContext();
  const series = tableSeries(
    { count: values.length / s.columns.length, values: Float64Array.from(values), ...(times ? { times: Float64Array.from(times) } : {}), ...(rowNumbers ? { rowNumbers: Float64Array.from(rowNumbers) } : {}) },
    s, { ...mapping, ...over }, fail, ctx.log,
  );
  return { series, logs: ctx.logs };
}
const error = (f: () => unknown): SeqpipeError => {
  try {
    f();
  } catch (e) {
    return e as SeqpipeError;
  }
  throw new Error('no error');
};

describe('tableSeries (rows → Series, as source/csv treats them)', () => {
  it('sorts by time and says so; dates carry timeUnit ms-epoch', () => {
    const { series, logs } = read([day(3), day(1), day(2)], [3, 1, 2]);
    expect([...series.values]).toEqual([1, 2, 3]);
    expect([...series.time!]).toEqual([day(1), day(2), day(3)]);
    expect(series.timeUnit).toBe('ms-epoch');
    expect(logs).toEqual(['info: rows were not in time order; sorted by "t"']);
  });

  it('a duplicate time names the later row and the first, by their numbers in the file', () => {
    const e = error(() => read([day(1), day(2), day(1)], [1, 2, 3], {}, shape, [10, 11, 12]));
    expect(e).toMatchObject({ code: 'E_DATA_DUPLICATE_TIME' });
    expect(e.message).toMatch(/2000-01-01 at row 12 \(first at row 10\)/);
  });

  it('missing values: error names the first (in read order), drop, ffill, interpolate in time', () => {
    const times = [day(1), day(2), day(4), day(5)];
    const values = [1, Number.NaN, Number.NaN, 5];
    expect(error(() => read(times, values))).toMatchObject({ code: 'E_DATA_MISSING_VALUE', message: expect.stringMatching(/"v" .* row 2;/) });
    expect([...read(times, values, { missing: 'drop' }).series.values]).toEqual([1, 5]);
    expect([...read(times, values, { missing: 'ffill' }).series.values]).toEqual([1, 1, 1, 5]);
    expect([...read(times, values, { missing: 'interpolate' }).series.values]).toEqual([1, 2, 4, 5]);
    expect(error(() => read(times, [Number.NaN, 1, 2, 3], { missing: 'ffill' }))).toMatchObject({ code: 'E_DATA_MISSING_VALUE', message: expect.stringMatching(/row 1: nothing before it/) });
    expect(error(() => read(times, [Number.NaN, Number.NaN, Number.NaN, Number.NaN], { missing: 'drop' }))).toMatchObject({ code: 'E_DATA_EMPTY' });
  });

  it('no rows is E_DATA_EMPTY', () => {
    expect(error(() => read([], []))).toMatchObject({ code: 'E_DATA_EMPTY', message: 'file "x.parquet" has no rows' });
  });

  it('warns W_DATA_IRREGULAR for dates with gaps; a plain numeric axis has no unit and no warning', () => {
    const months = [Date.UTC(2000, 0, 1), Date.UTC(2000, 1, 1), Date.UTC(2000, 3, 1), Date.UTC(2000, 4, 1)];
    const { logs } = read(months, [1, 2, 3, 4]);
    expect(logs).toEqual([expect.stringMatching(/^warn: W_DATA_IRREGULAR .*1 of 3 intervals.*1 month.*2000-02-01 \(row 2\) and 2000-04-01 \(row 3\)/)]);
    const plain = read([1, 2, 5], [1, 2, 3], {}, { ...shape, time: { name: 't', dated: false } });
    expect(plain.series.timeUnit).toBeUndefined();
    expect([...plain.series.time!]).toEqual([1, 2, 5]);
    expect(plain.logs).toEqual([]);
  });

  it('several columns stay row-major through sorting; no time keeps read order', () => {
    const s: SeriesShape = { columns: ['a', 'b'], table: 't' };
    const { series } = read(undefined, [1, 10, 2, 20], {}, s);
    expect(series).toMatchObject({ columns: ['a', 'b'], length: 2 });
    expect([...series.values]).toEqual([1, 10, 2, 20]);
    expect(series.time).toBeUndefined();
    const sorted = read([day(2), day(1)], [2, 20, 1, 10], {}, { ...s, time: { name: 't', dated: true } }).series;
    expect([...sorted.values]).toEqual([1, 10, 2, 20]);
  });
});
