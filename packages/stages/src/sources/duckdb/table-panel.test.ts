/** source/parquet and source/sql with `series:`: panels grouped by id in order of first appearance, each sorted by time. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '@seqpipe/core';
import { parquetSource } from './parquet.source.js';
import { sqlSource } from './sql.source.js';
import type { ParquetParams, SqlParams } from './table-params.js';

const dir = mkdtempSync(join(tmpdir(), 'seqpipe-table-panel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const day = (d: number): number => Date.UTC(2000, 0, d);
const fails = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e);

const parquet = (over: Partial<ParquetParams>) => {
  const c = testContext('series', 1, dir);
  return { c, result: parquetSource.run(c, {}, { path: 'panel.parquet', time: 'ds', series: 'unique_id', missing: 'error', ...over }) };
};
const sql = (query: string, over: Partial<SqlParams> = {}) =>
  sqlSource.run(testContext('series', 1, dir), {}, { query, files: ['panel.csv'], time: 'ds', series: 'unique_id', missing: 'error', ...over });

beforeAll(async () => {
  // Interleaved, B first, out of time order within A; 2000-01-01 in both series.
  writeFileSync(join(dir, 'panel.csv'), 'unique_id,ds,y\nB,2000-01-02,20\nA,2000-01-02,2\nB,2000-01-01,10\nA,2000-01-01,1\nA,2000-01-03,3\n');
  writeFileSync(join(dir, 'dup.csv'), 'unique_id,ds,y\nA,2000-01-01,1\nB,2000-01-01,2\nA,2000-01-01,3\n');
  writeFileSync(join(dir, 'noid.csv'), 'unique_id,ds,y\nA,2000-01-01,1\n,2000-01-02,2\n');
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(`COPY (SELECT * FROM read_csv('${join(dir, 'panel.csv')}')) TO '${join(dir, 'panel.parquet')}' (FORMAT parquet)`);
  await connection.run(`COPY (SELECT * FROM read_csv('${join(dir, 'dup.csv')}')) TO '${join(dir, 'dup.parquet')}' (FORMAT parquet)`);
  await connection.run(`COPY (SELECT 7 AS unique_id, 1.5 AS y UNION ALL SELECT 8, 2.5 UNION ALL SELECT 7, 3.5) TO '${join(dir, 'ints.parquet')}' (FORMAT parquet)`);
  connection.closeSync();
});

describe('source/parquet series:', () => {
  it('groups by id in the file\'s order of first appearance, sorts each series by time; the id is not a value column', async () => {
    const { c, result } = parquet({});
    const s = await result;
    expect(s).toMatchObject({ columns: ['y'], length: 5, ids: ['B', 'A'], timeUnit: 'ms-epoch' });
    expect([...s.offsets!]).toEqual([0, 2, 5]);
    expect([...s.values]).toEqual([10, 20, 1, 2, 3]);
    expect([...s.time!]).toEqual([1, 2, 1, 2, 3].map(day));
    expect(c.logs).toContain('info: rows were not in time order within their series; sorted by "ds"');
  });

  it('a time repeated within a series is E_DATA_DUPLICATE_TIME (the same time in two series is fine); integer ids read as text', async () => {
    expect(await fails(parquet({ path: 'dup.parquet' }).result)).toMatchObject({ code: 'E_DATA_DUPLICATE_TIME', file: expect.stringContaining('dup.parquet') });
    const s = await parquet({ path: 'ints.parquet', time: undefined }).result;
    expect(s.ids).toEqual(['7', '8']);
    expect([...s.values]).toEqual([1.5, 3.5, 2.5]);
  });


  it('validate: series may be neither the time column nor a value column', () => {
    const check = parquetSource.check!;
    const base = { path: 'panel.parquet', missing: 'error' as const };
    expect(check({ ...base, time: 'ds', series: 'ds' }, {})).toMatchObject({ issues: [{ code: 'E_INVALID_VALUE', path: ['series'] }] });
    expect(check({ ...base, series: 'id', columns: ['y', 'id'] }, {})).toMatchObject({ issues: [{ code: 'E_INVALID_VALUE', path: ['columns', 1] }], facts: { columns: 2 } });
  });
});

describe('source/sql series:', () => {
  it('groups the result\'s rows by id in order of first appearance', async () => {
    const s = await sql("SELECT * FROM read_csv('panel.csv')");
    expect(s.ids).toEqual(['B', 'A']);
    expect([...s.values]).toEqual([10, 20, 1, 2, 3]);
  });

  it('a NULL id is E_DATA_MISSING_VALUE at its row', async () => {
    expect(await fails(sql("SELECT * FROM read_csv('noid.csv')", { files: ['noid.csv'] }))).toMatchObject({ code: 'E_DATA_MISSING_VALUE', message: expect.stringContaining('row 2') });
  });
});
