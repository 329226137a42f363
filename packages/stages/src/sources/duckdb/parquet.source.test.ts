import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { testContext } from '@seqpipe/core';
import { parquetSource } from './parquet.source.js';
import type { ParquetParams } from './table-params.js';

const dir = mkdtempSync(join(tmpdir(), 'seqpipe-parquet-stage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ctx = { pipelineDir: dir };

/** dir/name ← the rows of `select`, as Parquet written by DuckDB itself. */
async function parquet(name: string, select: string): Promise<void> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(`COPY (${select}) TO '${join(dir, name)}' (FORMAT parquet)`);
  connection.closeSync();
}
const params = (over: Partial<ParquetParams> = {}): ParquetParams => ({ path: 'd.parquet', time: 'day', missing: 'error', ...over });
const run = (p: ParquetParams, external?: string) => {
  const c = testContext('series', 1, dir);
  return { c, result: parquetSource.run({ ...c, ...(external ? { external } : {}) }, {}, p) };
};
const series = async (p: ParquetParams) => {
  const { c, result } = run(p);
  return { s: await result, logs: c.logs };
};

const ROWS = `SELECT DATE '2000-01-01' + i AS day, TIMESTAMP '2000-01-01 06:00' + to_hours(i) AS ts, TIMESTAMPTZ '2000-01-01 00:00:00+02' + to_days(i) AS tz,
  ('2000-01-0' || (i + 1))::TIMESTAMP_NS AS ns, strftime(DATE '2000-01-01' + i, '%b %-d %Y') AS label, 1990 + i AS year,
  i * 1.5 AS price, (i * 10)::DECIMAL(8, 2) AS dec, i::BIGINT * 1000000 AS big, i::FLOAT AS f, 'x' || i AS name, i % 2 = 0 AS even
  FROM (SELECT range::INTEGER AS i FROM range(4))`;

describe('source/parquet', () => {
  it('fingerprint: the sha256 of the bytes, changing with any value', async () => {
    await parquet('d.parquet', 'SELECT 1 AS v');
    const a = await parquetSource.fingerprint!(params(), ctx);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await parquetSource.fingerprint!(params(), ctx)).toBe(a);
    await parquet('d.parquet', 'SELECT 2 AS v');
    expect(await parquetSource.fingerprint!(params(), ctx)).not.toBe(a);
    await expect(parquetSource.fingerprint!(params({ path: 'gone.parquet' }), ctx)).rejects.toMatchObject({ code: 'E_DATA_NOT_FOUND' });
  });

  it('inspect (no DuckDB): the file, its Parquet footer and the named columns, at the params', async () => {
    await parquet('d.parquet', ROWS);
    expect(await parquetSource.inspect!(params({ columns: ['price'] }), ctx)).toEqual({ issues: [], facts: { columns: 1 } });
    expect((await parquetSource.inspect!(params({ path: 'nope.parquet' }), ctx)).issues).toMatchObject([{ code: 'E_DATA_NOT_FOUND', path: ['path'] }]);
    writeFileSync(join(dir, 'text.parquet'), 'day,price\n2000-01-01,1\n');
    expect((await parquetSource.inspect!(params({ path: 'text.parquet' }), ctx)).issues).toMatchObject([{ code: 'E_PARQUET_INVALID', path: ['path'] }]);
    const r = await parquetSource.inspect!(params({ time: 'dya', columns: ['price', 'prise'], where: { nmae: 'x' } }), ctx);
    expect(r.issues).toMatchObject([
      { code: 'E_DATA_MISSING_COLUMN', path: ['time'], message: expect.stringMatching(/did you mean "day"/) },
      { code: 'E_DATA_MISSING_COLUMN', path: ['columns', 1], message: expect.stringMatching(/did you mean "price"\?; its columns: "day", "ts"/) },
      { code: 'E_DATA_MISSING_COLUMN', path: ['where', 'nmae'], at: 'key' },
    ]);
  });

  it('maps DATE, TIMESTAMP, TIMESTAMPTZ, TIMESTAMP_NS and text times to epoch ms, numbers to a plain axis', async () => {
    await parquet('d.parquet', ROWS);
    const day = (d: number, h = 0): number => Date.UTC(2000, 0, d, h);
    const at = async (time: string) => (await series(params({ time, columns: ['price'] }))).s;
    expect([...(await at('day')).time!]).toEqual([day(1), day(2), day(3), day(4)]);
    expect((await at('day')).timeUnit).toBe('ms-epoch');
    expect([...(await at('ts')).time!]).toEqual([day(1, 6), day(1, 7), day(1, 8), day(1, 9)]);
    expect([...(await at('tz')).time!]).toEqual([day(0, 22), day(1, 22), day(2, 22), day(3, 22)]);
    expect([...(await at('ns')).time!]).toEqual([day(1), day(2), day(3), day(4)]);
    expect([...(await at('label')).time!]).toEqual([day(1), day(2), day(3), day(4)]);
    const year = await at('year');
    expect([...year.time!]).toEqual([1990, 1991, 1992, 1993]);
    expect(year.timeUnit).toBeUndefined();
  });

  it('values: every numeric type as Float64; default columns are the numeric ones but time and where', async () => {
    await parquet('d.parquet', ROWS);
    const { s } = await series(params());
    expect(s.columns).toEqual(['year', 'price', 'dec', 'big', 'f']);
    expect([...s.values.slice(5, 10)]).toEqual([1991, 1.5, 10, 1_000_000, 1]);
    expect(s.values).toBeInstanceOf(Float64Array);
    expect((await series(params({ where: { year: 1991 } }))).s.columns).toEqual(['price', 'dec', 'big', 'f']);
  });

  it('a non-numeric value column or an unusable time column is E_DATA_COLUMN_TYPE naming it', async () => {
    await parquet('d.parquet', ROWS);
    await expect(run(params({ columns: ['price', 'name'] })).result).rejects.toMatchObject({
      code: 'E_DATA_COLUMN_TYPE', file: expect.stringMatching(/d\.parquet$/), message: expect.stringMatching(/^column "name" \(named by "columns\[1\]"\) is VARCHAR, not numeric/),
    });
    await expect(run(params({ time: 'even' })).result).rejects.toMatchObject({ code: 'E_DATA_COLUMN_TYPE', message: expect.stringMatching(/"even".*BOOLEAN/) });
    await parquet('d.parquet', "SELECT DATE '2000-01-01' AS day, 'a' AS s");
    await expect(run(params()).result).rejects.toMatchObject({ code: 'E_DATA_NO_COLUMNS' });
  });

  it('where: equality in the column\'s type; nothing matching suggests a value', async () => {
    await parquet('d.parquet', `SELECT DATE '2000-01-01' + (i // 2) AS day, CASE WHEN i % 2 = 0 THEN 'MSFT' ELSE 'IBM' END AS symbol, i AS price, i % 2 AS odd FROM (SELECT range::INTEGER AS i FROM range(6))`);
    expect([...(await series(params({ columns: ['price'], where: { symbol: 'MSFT' } }))).s.values]).toEqual([0, 2, 4]);
    expect([...(await series(params({ columns: ['price'], where: { odd: 1 } }))).s.values]).toEqual([1, 3, 5]);
    const e = run(params({ columns: ['price'], where: { symbol: 'MSFX' } })).result;
    await expect(e).rejects.toMatchObject({ code: 'E_DATA_EMPTY', message: expect.stringMatching(/matching symbol = "MSFX" — did you mean "MSFT"\?/) });
  });

  it('NULL and NaN are missing (per missing), ±Infinity is E_DATA_VALUE, both at the row in the file', async () => {
    await parquet('d.parquet', `SELECT DATE '2000-01-01' + i AS day, CASE i WHEN 1 THEN NULL WHEN 2 THEN 'nan'::DOUBLE ELSE i END AS v FROM (SELECT range::INTEGER AS i FROM range(4))`);
    await expect(run(params()).result).rejects.toMatchObject({ code: 'E_DATA_MISSING_VALUE', message: expect.stringMatching(/at row 2;/) });
    expect([...(await series(params({ missing: 'interpolate' }))).s.values]).toEqual([0, 1, 2, 3]);
    expect([...(await series(params({ missing: 'drop' }))).s.values]).toEqual([0, 3]);
    await parquet('d.parquet', `SELECT DATE '2000-01-01' + i AS day, CASE i WHEN 2 THEN 'inf'::DOUBLE ELSE i END AS v FROM (SELECT range::INTEGER AS i FROM range(4))`);
    await expect(run(params()).result).rejects.toMatchObject({ code: 'E_DATA_VALUE', message: 'column "v", row 3: Infinity is not a finite number' });
    await parquet('d.parquet', `SELECT CASE i WHEN 1 THEN NULL ELSE DATE '2000-01-01' + i END AS day, i AS v FROM (SELECT range::INTEGER AS i FROM range(3))`);
    await expect(run(params({ missing: 'drop' })).result).rejects.toMatchObject({ code: 'E_DATA_VALUE', message: expect.stringMatching(/row 2: NULL is not a date/) });
  });

  it('sorts rows by time (an info line) and refuses a duplicate time, naming both rows of the file', async () => {
    await parquet('d.parquet', `SELECT DATE '2000-01-05' - i AS day, i AS v FROM (SELECT range::INTEGER AS i FROM range(3))`);
    const { s, logs } = await series(params());
    expect([...s.values]).toEqual([2, 1, 0]);
    expect(logs).toEqual(['info: rows were not in time order; sorted by "day"']);
    await parquet('d.parquet', `SELECT DATE '2000-01-01' + (i % 3) AS day, i AS v FROM (SELECT range::INTEGER AS i FROM range(5))`);
    await expect(run(params()).result).rejects.toMatchObject({ code: 'E_DATA_DUPLICATE_TIME', message: expect.stringMatching(/2000-01-01 at row 4 \(first at row 1\)/) });
    // Row numbers are the file's, also when where skips rows.
    await parquet('d.parquet', `SELECT DATE '2000-01-01' + (i % 2) AS day, i AS v, i // 3 AS k FROM (SELECT range::INTEGER AS i FROM range(6))`);
    await expect(run(params({ where: { k: 1 } })).result).rejects.toMatchObject({ code: 'E_DATA_DUPLICATE_TIME', message: expect.stringMatching(/at row 6 \(first at row 4\)/) });
  });

  it('a file with its own file_row_number column still reads', async () => {
    await parquet('d.parquet', `SELECT DATE '2000-01-01' + i AS day, 7 - i AS file_row_number, i AS v FROM (SELECT range::INTEGER AS i FROM range(3))`);
    expect([...(await series(params({ columns: ['v'] }))).s.values]).toEqual([0, 1, 2]);
  });

  it('run: E_INPUT_CHANGED when the file no longer hashes to the key; a non-Parquet file is E_PARQUET_INVALID at the file', async () => {
    await parquet('d.parquet', `SELECT DATE '2000-01-01' + i AS day, i AS v FROM (SELECT range::INTEGER AS i FROM range(3))`);
    const external = await parquetSource.fingerprint!(params(), ctx);
    expect((await run(params(), external).result).length).toBe(3);
    await parquet('d.parquet', `SELECT DATE '2000-01-01' + i AS day, i + 1 AS v FROM (SELECT range::INTEGER AS i FROM range(3))`);
    await expect(run(params(), external).result).rejects.toMatchObject({ code: 'E_INPUT_CHANGED', file: expect.stringMatching(/d\.parquet$/), exitCode: 1 });
    writeFileSync(join(dir, 'd.parquet'), 'not parquet');
    await expect(run(params()).result).rejects.toMatchObject({ code: 'E_PARQUET_INVALID', file: expect.stringMatching(/d\.parquet$/) });
    await expect(run(params({ path: 'gone.parquet' })).result).rejects.toMatchObject({ code: 'E_DATA_NOT_FOUND', file: expect.stringMatching(/gone\.parquet$/) });
  });

  it('run: an aborted context throws its AbortError and reads nothing', async () => {
    await parquet('d.parquet', `SELECT DATE '2000-01-01' + i AS day, i AS v FROM (SELECT range::INTEGER AS i FROM range(3))`);
    const c = testContext('series', 1, dir);
    c.abort();
    await expect(parquetSource.run(c, {}, params())).rejects.toMatchObject({ name: 'AbortError' });
  });
});
