/** Hostile data: each case's stated behaviour (see the source/csv description and the README). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CsvParams } from './csv-params.js';
import { readCsvSeries } from './read-csv-series.js';

const dir = mkdtempSync(join(tmpdir(), 'seqpipe-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string): string => {
  const f = join(dir, `f${n++}.csv`);
  writeFileSync(f, text);
  return f;
};
const base: CsvParams = { path: '', missing: 'error', header: 'auto' };
const read = (text: string, params: Partial<CsvParams> = {}, logs: string[] = []) =>
  readCsvSeries(file(text), { ...base, ...params }, { log: { info: (m) => logs.push(`info: ${m}`), warn: (m) => logs.push(`warn: ${m}`) } });
const fails = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e);

describe('readCsvSeries', () => {
  it('reads dated rows with every numeric column except time by default', async () => {
    const s = await read('date,name,a,b\nJan 1 2000,x,1,2\nFeb 1 2000,y,3,4\n', { time: 'date' });
    expect(s).toMatchObject({ columns: ['a', 'b'], length: 2, timeUnit: 'ms-epoch' });
    expect([...s.values]).toEqual([1, 2, 3, 4]);
    expect([...s.time!]).toEqual([Date.UTC(2000, 0, 1), Date.UTC(2000, 1, 1)]);
  });

  it('NaN and empty cells are missing: error by default, located at the cell', async () => {
    expect(await fails(read('t,v\n2000,1\n2001,NaN\n', { time: 't' }))).toMatchObject({ code: 'E_CSV_MISSING_VALUE', line: 3, col: 6, exitCode: 1 });
    expect(await fails(read('t,v\n2000,1\n2001,\n', { time: 't' }))).toMatchObject({ code: 'E_CSV_MISSING_VALUE', line: 3, col: 6 });
  });

  it('missing: drop, ffill and interpolate (linear in time)', async () => {
    const text = 't,v\n2000-01-01,1\n2000-01-02,\n2000-01-04,NA\n2000-01-05,5\n';
    expect([...(await read(text, { time: 't', missing: 'drop' })).values]).toEqual([1, 5]);
    expect([...(await read(text, { time: 't', missing: 'ffill' })).values]).toEqual([1, 1, 1, 5]);
    expect([...(await read(text, { time: 't', missing: 'interpolate' })).values]).toEqual([1, 2, 4, 5]);
    expect(await fails(read('t,v\n2000,\n2001,2\n', { time: 't', missing: 'ffill' }))).toMatchObject({ code: 'E_CSV_MISSING_VALUE', line: 2, col: 6 });
    expect(await fails(read('t,v\n2000,1\n2001,\n', { time: 't', missing: 'interpolate' }))).toMatchObject({ code: 'E_CSV_MISSING_VALUE', line: 3 });
  });

  it('Inf and text in a numeric column are E_CSV_VALUE at line:col', async () => {
    expect(await fails(read('t,v\n2000,1\n2001,Inf\n', { time: 't' }))).toMatchObject({ code: 'E_CSV_VALUE', line: 3, col: 6 });
    expect(await fails(read('t,v,w\n2000,1,2\n2001,3,abc\n', { time: 't' }))).toMatchObject({ code: 'E_CSV_VALUE', line: 3, col: 8 });
    expect(await fails(read('t,v\n2000,1\nlater,3\n', { time: 't' }))).toMatchObject({ code: 'E_CSV_VALUE', line: 3, col: 1 });
  });

  it('sorts unsorted rows by time and says so; a duplicate time is an error at the later row', async () => {
    const logs: string[] = [];
    const s = await read('t,v\n2002,3\n2000,1\n2001,2\n', { time: 't' }, logs);
    expect([...s.values]).toEqual([1, 2, 3]);
    expect(logs).toEqual([expect.stringMatching(/^info: rows were not in time order/)]);
    expect(await fails(read('t,v\n2000,1\n2001,2\n2000,3\n', { time: 't' }))).toMatchObject({ code: 'E_CSV_DUPLICATE_TIME', line: 4, col: 1 });
  });

  it('reads a file mixing CRLF, LF and CR line ends, bad cells still located by line', async () => {
    const s = await read('t,v\r\n2000,1\n2001,2\r\n2002,3\r2003,4\n', { time: 't' });
    expect([...s.values]).toEqual([1, 2, 3, 4]);
    expect(await fails(read('t,v\r\n2000,1\n2001,2\r\n2002,x\n', { time: 't' }))).toMatchObject({ code: 'E_CSV_VALUE', line: 4, col: 6 });
  });

  it('reads 50,000 columns in time linear in the columns (a header check was quadratic)', async () => {
    const C = 50_000;
    const names = Array.from({ length: C }, (_, c) => `c${c}`);
    const row = (r: number): string => [2000 + r, ...names.map((_, c) => (c * (r + 1)) % 1009)].join(',');
    const text = `t,${names.join(',')}\n${Array.from({ length: 8 }, (_, r) => row(r)).join('\n')}\n`;
    const started = performance.now();
    const all = await read(text, { time: 't' });
    expect(all).toMatchObject({ length: 8 });
    expect(all.columns).toHaveLength(C);
    expect(all.values[3 * C + 12_345]).toBe((12_345 * 4) % 1009);
    expect(all.values[8 * C - 1]).toBe(((C - 1) * 8) % 1009);
    const named = await read(text, { time: 't', columns: [...names].reverse() });
    expect(named.columns[0]).toBe(`c${C - 1}`);
    expect(named.values[C + 1]).toBe(((C - 2) * 2) % 1009);
    const dup = text.replace(`,c${C - 1}\n`, ',c7\n');
    expect(await fails(read(dup, { time: 't' }))).toMatchObject({ code: 'E_CSV_PARSE', line: 1 });
    // Generous: about a second here; the quadratic check took minutes.
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('warns of irregular spacing: how many gaps and the first', async () => {
    const logs: string[] = [];
    await read('t,v\n2000-01-01,1\n2000-02-01,2\n2000-04-01,3\n2000-05-01,4\n2000-07-01,5\n', { time: 't' }, logs);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^warn: W_CSV_IRREGULAR .*2 of 4 intervals.*1 month.*2000-02-01 \(line 3\) and 2000-04-01 \(line 4\)/);
  });

  it('a single row is a series of length one (the windower then reports E_SERIES_TOO_SHORT)', async () => {
    expect(await read('t,v\n2000,1\n', { time: 't' })).toMatchObject({ length: 1 });
  });

  it('a byte-order mark, CRLF line ends and quoted delimiters', async () => {
    const s = await read('\uFEFFt,name,v\r\n2000,"Smith, J",1\r\n\r\n2001,"Doe, ""K""",2\r\n2002,x,oops\r\n', { time: 't', where: { name: 'Smith, J' } });
    expect(s).toMatchObject({ columns: ['v'], length: 1 });
    expect(await fails(read('\uFEFFt,name,v\r\n2000,"Smith, J",1\r\n\r\n2001,x,oops\r\n', { time: 't' }))).toMatchObject({ code: 'E_CSV_VALUE', line: 4, col: 8 });
  });

  it('auto-detects the delimiter and a missing header', async () => {
    expect(await read('t;v\n2000;1,5\n'.replace('1,5', '1.5'), { time: 't' })).toMatchObject({ columns: ['v'], length: 1 });
    expect(await read('2000\t1\n2001\t2\n', { time: 'column1' })).toMatchObject({ columns: ['column2'], length: 2 });
  });

  it('filters long-format rows with where; no match suggests a value', async () => {
    const text = 'symbol,date,price\nMSFT,Jan 1 2000,1\nIBM,Jan 1 2000,2\nMSFT,Feb 1 2000,3\n';
    expect([...(await read(text, { time: 'date', where: { symbol: 'MSFT' } })).values]).toEqual([1, 3]);
    const e = await fails(read(text, { time: 'date', where: { symbol: 'MSFX' } }));
    expect(e).toMatchObject({ code: 'E_CSV_EMPTY' });
    expect((e as Error).message).toMatch(/did you mean "MSFT"/);
  });

  it('empty files, a header alone, missing columns, ragged rows, files over the limit', async () => {
    expect(await fails(read(''))).toMatchObject({ code: 'E_CSV_EMPTY' });
    expect(await fails(read('\uFEFF\n\n'))).toMatchObject({ code: 'E_CSV_EMPTY' });
    expect(await fails(read('t,v\n', { time: 't' }))).toMatchObject({ code: 'E_CSV_EMPTY' });
    const missing = await fails(read('date,price\n2000,1\n', { time: 'dat' }));
    expect(missing).toMatchObject({ code: 'E_CSV_MISSING_COLUMN', line: 1, col: 1 });
    expect((missing as Error).message).toMatch(/did you mean "date"/);
    expect(await fails(read('t,v\n2000,1\n2001,2,3\n', { time: 't' }))).toMatchObject({ code: 'E_CSV_PARSE', line: 3 });
    expect(await fails(read('t,v,v\n2000,1,2\n', { time: 't' }))).toMatchObject({ code: 'E_CSV_PARSE', line: 1, col: 5 });
    process.env.SEQPIPE_CSV_MAX_BYTES = '10';
    try {
      expect(await fails(read('t,v\n2000,1\n2001,2\n', { time: 't' }))).toMatchObject({ code: 'E_CSV_TOO_LARGE' });
    } finally {
      delete process.env.SEQPIPE_CSV_MAX_BYTES;
    }
    expect(await fails(readCsvSeries(join(dir, 'nope.csv'), base))).toMatchObject({ code: 'E_CSV_NOT_FOUND' });
  });
});
