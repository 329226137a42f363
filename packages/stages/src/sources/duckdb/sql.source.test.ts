import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '@seqpipe/core';
import { sqlSource } from './sql.source.js';
import type { SqlParams } from './table-params.js';

const dir = mkdtempSync(join(tmpdir(), 'seqpipe-sql-stage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ctx = { pipelineDir: dir };

const JOIN = `SELECT p.date, p.price * f.rate AS price_eur, p.volume
  FROM read_csv('prices.csv') p JOIN read_parquet('data/rates.parquet') f ON p.date = f.day
  WHERE p.symbol = 'MSFT' ORDER BY p.date DESC`;
const params = (over: Partial<SqlParams> = {}): SqlParams => ({ query: JOIN, files: ['prices.csv', 'data/rates.parquet'], time: 'date', missing: 'error', ...over });
const run = (p: SqlParams, external?: string) => {
  const c = testContext('series', 1, dir);
  return { c, result: sqlSource.run({ ...c, ...(external ? { external } : {}) }, {}, p) };
};

beforeAll(async () => {
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'prices.csv'), 'date,symbol,price,volume\n2000-01-03,MSFT,10,100\n2000-01-03,IBM,50,7\n2000-01-01,MSFT,8,80\n2000-01-02,MSFT,9,90\n');
  writeFileSync(join(dir, 'secret.csv'), 'a\n1\n');
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(`COPY (SELECT DATE '2000-01-01' + range::INTEGER AS day, 0.5 + range AS rate FROM range(3)) TO '${join(dir, 'data/rates.parquet')}' (FORMAT parquet)`);
  connection.closeSync();
});

describe('source/sql', () => {
  it('runs a join and filter over a CSV and a Parquet file, relative to the pipeline folder, sorted by time', async () => {
    const { c, result } = run(params());
    const s = await result;
    expect(s).toMatchObject({ columns: ['price_eur', 'volume'], length: 3, timeUnit: 'ms-epoch' });
    expect([...s.values]).toEqual([4, 80, 13.5, 90, 25, 100]);
    expect([...s.time!]).toEqual([Date.UTC(2000, 0, 1), Date.UTC(2000, 0, 2), Date.UTC(2000, 0, 3)]);
    expect(c.logs).toEqual(['info: rows were not in time order; sorted by "date"']);
    expect((await run(params({ columns: ['volume'] })).result).columns).toEqual(['volume']);
  });

  it('reads the listed file, not a same-named one in the working directory (DuckDB would look there first)', async () => {
    const decoy = mkdtempSync(join(tmpdir(), 'seqpipe-sql-cwd-'));
    writeFileSync(join(decoy, 'prices.csv'), 'date,symbol,price,volume\n2000-01-01,MSFT,1000,1\n');
    const cwd = process.cwd();
    process.chdir(decoy);
    try {
      const s = await run(params({ columns: ['volume'] })).result;
      expect([...s.values]).toEqual([80, 90, 100]);
    } finally {
      process.chdir(cwd);
      rmSync(decoy, { recursive: true, force: true });
    }
  });

  it('fingerprint: every listed file\'s name and bytes, in order', async () => {
    const a = await sqlSource.fingerprint!(params(), ctx);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await sqlSource.fingerprint!(params(), ctx)).toBe(a);
    expect(await sqlSource.fingerprint!(params({ files: ['data/rates.parquet', 'prices.csv'] }), ctx)).not.toBe(a);
    expect(await sqlSource.fingerprint!(params({ files: ['./prices.csv', 'data/rates.parquet'] }), ctx)).not.toBe(a);
    await expect(sqlSource.fingerprint!(params({ files: ['gone.csv'] }), ctx)).rejects.toMatchObject({ code: 'E_DATA_NOT_FOUND' });
  });

  it('inspect: each listed file exists, reported at files[i]', async () => {
    expect(await sqlSource.inspect!(params(), ctx)).toEqual({ issues: [] });
    const r = await sqlSource.inspect!(params({ files: ['prices.csv', 'gone.csv', 'data'] }), ctx);
    expect(r.issues).toMatchObject([
      { code: 'E_DATA_NOT_FOUND', path: ['files', 1], message: expect.stringMatching(/gone\.csv" \(no such file\)/) },
      { code: 'E_DATA_NOT_FOUND', path: ['files', 2], message: expect.stringMatching(/not a regular file/) },
    ]);
  });

  it('the query may read only the listed files, and write none: E_SQL saying so', async () => {
    const unlisted = run(params({ query: "SELECT * FROM read_csv('secret.csv')", time: undefined })).result;
    await expect(unlisted).rejects.toMatchObject({ code: 'E_SQL', exitCode: 1, message: expect.stringMatching(/Permission Error.*secret\.csv.*listed under "files"/) });
    const write = run(params({ query: "COPY (SELECT 1) TO 'prices.csv'", time: undefined })).result;
    await expect(write).rejects.toMatchObject({ code: 'E_SQL' });
    const absolute = run(params({ query: "SELECT * FROM read_csv('/etc/hostname')", time: undefined })).result;
    await expect(absolute).rejects.toMatchObject({ code: 'E_SQL', message: expect.stringMatching(/Permission Error/) });
  });

  it('syntax and binder errors are E_SQL carrying DuckDB\'s message on one line; one SELECT only', async () => {
    const syntax = run(params({ query: 'SELECT date,\nFROM WHERE' })).result;
    await expect(syntax).rejects.toMatchObject({ code: 'E_SQL', message: expect.stringMatching(/^the query failed: Parser Error: syntax error at or near "WHERE" \(query line 2\)$/) });
    const binder = run(params({ query: "SELECT dat FROM read_csv('prices.csv')" })).result;
    await expect(binder).rejects.toMatchObject({ code: 'E_SQL', message: expect.stringMatching(/Binder Error: Referenced column "dat" not found.*"date"/) });
    await expect(run(params({ query: 'SELECT 1; SELECT 2' })).result).rejects.toMatchObject({ code: 'E_SQL', message: expect.stringMatching(/one SELECT statement; it has 2/) });
    await expect(run(params({ query: 'CREATE TABLE t (a INT)' })).result).rejects.toMatchObject({ code: 'E_SQL', message: expect.stringMatching(/not a CREATE statement/) });
  });

  it('result columns: missing ones with a did-you-mean, non-numeric values refused by name', async () => {
    const missing = run(params({ time: 'dat' })).result;
    await expect(missing).rejects.toMatchObject({ code: 'E_DATA_MISSING_COLUMN', message: expect.stringMatching(/^no column "dat" \(named by "time"\) in the query's result — did you mean "date"\?; its columns: "date", "price_eur", "volume"$/) });
    const text = run(params({ query: "SELECT date, symbol FROM read_csv('prices.csv')", columns: ['symbol'] })).result;
    await expect(text).rejects.toMatchObject({ code: 'E_DATA_COLUMN_TYPE', message: expect.stringMatching(/"symbol".*VARCHAR/) });
    // A duplicate date (two symbols on 2000-01-03) is located by the result's row.
    const dup = run(params({ query: "SELECT date, price FROM read_csv('prices.csv')" })).result;
    await expect(dup).rejects.toMatchObject({ code: 'E_DATA_DUPLICATE_TIME', message: expect.stringMatching(/2000-01-03 at row 2 \(first at row 1\)/) });
  });

  it('E_INPUT_CHANGED when a listed file no longer hashes to the key; nothing is returned', async () => {
    const external = await sqlSource.fingerprint!(params(), ctx);
    expect((await run(params(), external).result).length).toBe(3);
    writeFileSync(join(dir, 'prices.csv'), 'date,symbol,price,volume\n2000-01-01,MSFT,8,80\n');
    try {
      await expect(run(params(), external).result).rejects.toMatchObject({ code: 'E_INPUT_CHANGED', message: expect.stringMatching(/^"prices.csv", "data\/rates.parquet" changed/) });
    } finally {
      writeFileSync(join(dir, 'prices.csv'), 'date,symbol,price,volume\n2000-01-03,MSFT,10,100\n2000-01-03,IBM,50,7\n2000-01-01,MSFT,8,80\n2000-01-02,MSFT,9,90\n');
    }
  });

  it('an abort interrupts a running query (DuckDB\'s connection.interrupt) and throws the AbortError', async () => {
    const c = testContext('series', 1, dir);
    const started = performance.now();
    setTimeout(() => c.abort(), 200);
    const long = { ...params(), files: [], time: undefined, query: 'SELECT count(*)::DOUBLE AS n FROM range(100000000000) t(x) WHERE x % 7 = 3' };
    await expect(sqlSource.run(c, {}, long)).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
