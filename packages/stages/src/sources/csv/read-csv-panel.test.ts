/** Panels from source/csv: long format with `series`, layout: wide, layout: rows; both readers agree. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CsvParams } from './csv-params.js';
import type { CsvReader } from './csv-rows.js';
import { readCsvSeries } from './read-csv-series.js';
import { csvSource } from './csv.source.js';

const dir = mkdtempSync(join(tmpdir(), 'seqpipe-csv-panel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (text: string): string => {
  const f = join(dir, `f${n++}.csv`);
  writeFileSync(f, text);
  return f;
};
const base: CsvParams = { path: '', missing: 'error', header: 'auto' };
const read = (text: string, params: Partial<CsvParams> = {}, reader: CsvReader = 'auto', logs: string[] = []) =>
  readCsvSeries(file(text), { ...base, ...params }, { reader, log: { info: (m) => logs.push(`info: ${m}`), warn: (m) => logs.push(`warn: ${m}`) } });
const fails = async (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e);
const both = ['auto', 'csv-parse'] as const;

describe('source/csv series: (long format)', () => {
  for (const reader of both) {
    it(`groups interleaved rows by id in order of first appearance, each sorted by time (${reader})`, async () => {
      const logs: string[] = [];
      const s = await read('unique_id,ds,y\nB,2000-01-02,20\nA,2000-01-01,1\nB,2000-01-01,10\nA,2000-01-02,2\nA,2000-01-03,3\n', { series: 'unique_id', time: 'ds' }, reader, logs);
      expect(s).toMatchObject({ columns: ['y'], length: 5, ids: ['B', 'A'] });
      expect([...s.offsets!]).toEqual([0, 2, 5]);
      expect([...s.values]).toEqual([10, 20, 1, 2, 3]);
      expect([...s.time!]).toEqual([1, 2, 1, 2, 3].map((d) => Date.UTC(2000, 0, d)));
      expect(logs.some((l) => l.startsWith('info: rows were not in time order within their series'))).toBe(true);
    });

    it(`without time keeps file order within each series; one id still gives ids/offsets (${reader})`, async () => {
      const s = await read('id,v\nx,3\ny,1\nx,2\n', { series: 'id' }, reader);
      expect([...s.values]).toEqual([3, 2, 1]);
      expect(s.ids).toEqual(['x', 'y']);
      const one = await read('id,v\nx,3\nx,2\n', { series: 'id' }, reader);
      expect(one.ids).toEqual(['x']);
      expect([...one.offsets!]).toEqual([0, 2]);
    });

    it(`equal times in different series are fine; a repeat within a series is located (${reader})`, async () => {
      await expect(read('id,t,v\na,2000,1\nb,2000,2\n', { series: 'id', time: 't' }, reader)).resolves.toMatchObject({ length: 2 });
      expect(await fails(read('id,t,v\na,2000,1\nb,2000,2\na,2000,3\n', { series: 'id', time: 't' }, reader)))
        .toMatchObject({ code: 'E_CSV_DUPLICATE_TIME', line: 4, col: 3 });
    });

    it(`an empty series id is E_CSV_MISSING_VALUE at its cell (${reader})`, async () => {
      expect(await fails(read('t,id,v\n2000,a,1\n2001,,2\n', { series: 'id', time: 't' }, reader))).toMatchObject({ code: 'E_CSV_MISSING_VALUE', line: 3, col: 6 });
      expect(await fails(read('t,id,v\n2000,a,1\n2001, ,2\n', { series: 'id', time: 't' }, reader))).toMatchObject({ code: 'E_CSV_MISSING_VALUE', line: 3, col: 6 });
    });

    it(`missing: ffill and drop stay within each series (${reader})`, async () => {
      const text = 'id,v\na,1\nb,\nb,5\na,\n';
      expect(await fails(read(text, { series: 'id', missing: 'ffill' }, reader))).toMatchObject({ code: 'E_CSV_MISSING_VALUE', line: 3, col: 3 });
      const dropped = await read('id,v\na,1\nb,\na,\nc,4\n', { series: 'id', missing: 'drop' }, reader);
      expect(dropped.ids).toEqual(['a', 'c']);
      expect([...dropped.offsets!]).toEqual([0, 1, 2]);
      expect([...dropped.values]).toEqual([1, 4]);
    });
  }

  it('both readers give the same panel for odd ids (quoted, delimiters inside, spaces, unicode, numbers)', async () => {
    const ids = ['"Smith, J"', ' pad ', 'pad', 'é', '42', '"say ""hi"""', 'x y'];
    const rows = ['id,t,v'];
    // Seeded: interleaved, and a year may repeat within a series (the later row then is the duplicate).
    let seed = 7;
    for (let i = 0; i < 3000; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      rows.push(`${ids[i % ids.length]},${2000 + Math.floor(i / ids.length) * 2 + (seed % 2)},${(seed % 1000) / 10}`);
    }
    const text = `${rows.join('\n')}\n`;
    for (const series of [text, text.replace(/^(pad,\d+),.*$/gm, '$1,')]) {
      const fast = await read(series, { series: 'id', time: 't', missing: 'drop' }).catch((e: unknown) => e);
      const slow = await read(series, { series: 'id', time: 't', missing: 'drop' }, 'csv-parse').catch((e: unknown) => e);
      expect(fast).toEqual(slow);
      // ' pad ' and 'pad' are one id (trimmed).
      expect((fast as { ids?: string[] }).ids).toEqual(['Smith, J', 'pad', 'é', '42', 'say "hi"', 'x y']);
    }
  });

  for (const reader of both) {
    it(`where filters rows before they are grouped (${reader})`, async () => {
      const s = await read('id,kind,t,v\na,x,2000,1\nb,y,2000,2\nb,x,2001,3\na,x,2001,4\n', { series: 'id', time: 't', where: { kind: 'x' } }, reader);
      expect(s.ids).toEqual(['a', 'b']);
      expect([...s.values]).toEqual([1, 4, 3]);
    });
  }

  it('the series column is not a default value column; quoted ids read alike', async () => {
    const s = await read('id,t,v\n"a",2001,1\n7,2001,2\n"a",2002,3\n', { series: 'id', time: 't' });
    expect(s.columns).toEqual(['v']);
    expect(s.ids).toEqual(['a', '7']);
  });

  it('100,000 series of three rows each', async () => {
    const lines = ['unique_id,ds,y'];
    for (let i = 0; i < 100_000; i++) for (let d = 1; d <= 3; d++) lines.push(`s${i},2000-01-0${d},${i + d}`);
    const s = await read(`${lines.join('\n')}\n`, { series: 'unique_id', time: 'ds' });
    expect(s.ids!.length).toBe(100_000);
    expect(s.offsets![100_000]).toBe(300_000);
    expect(s.ids![99_999]).toBe('s99999');
    expect([...s.values.subarray(3 * 99_999)]).toEqual([100_000, 100_001, 100_002]);
  });

  it('an id cut by the first 4 MiB read is not taken for an id of its own', async () => {
    // The header is padded so that byte 4 MiB falls inside an id: the lane must read that row again.
    const rows: string[] = [];
    for (let i = 0; rows.length * 16 < 5 * 2 ** 20; i++) rows.push(`series-${String(i).padStart(6, '0')},${i % 7}`);
    const body = `${rows.join('\n')}\n`;
    const cut = 4 * 2 ** 20;
    let header = 'id,v\n';
    for (;;) {
      const at = cut - header.length;
      const lineStart = body.lastIndexOf('\n', at - 1) + 1;
      if (at - lineStart >= 2 && at - lineStart <= 10) break;
      header = `id,v${' '.repeat(header.length - 4)}\n`;
    }
    const s = await read(header + body, { series: 'id', columns: ['v'] });
    expect(s.ids!.length).toBe(rows.length);
    expect(s.ids!.every((id) => id.length === 13)).toBe(true);
  });
});

describe('source/csv layout: wide', () => {
  it('every value column is a series named by its header, read as "value"', async () => {
    const s = await read('date,MT_001,MT_002\n2000-01-02,2,20\n2000-01-01,1,10\n', { layout: 'wide', time: 'date' });
    expect(s).toMatchObject({ columns: ['value'], ids: ['MT_001', 'MT_002'], length: 4 });
    expect([...s.offsets!]).toEqual([0, 2, 4]);
    expect([...s.values]).toEqual([1, 2, 10, 20]);
    expect([...s.time!]).toEqual([1, 2, 1, 2].map((d) => Date.UTC(2000, 0, d)));
  });

  it('missing: drop per series (a series starting later); a gap is located at its cell', async () => {
    const s = await read('t,a,b\n2001,1,\n2002,2,5\n2003,3,6\n', { layout: 'wide', time: 't', missing: 'drop' });
    expect([...s.offsets!]).toEqual([0, 3, 5]);
    expect([...s.values]).toEqual([1, 2, 3, 5, 6]);
    expect(await fails(read('t,a,b\n2001,1,\n2002,2,5\n', { layout: 'wide', time: 't', missing: 'ffill' }))).toMatchObject({ code: 'E_CSV_MISSING_VALUE', line: 2, col: 8 });
  });
});

describe('source/csv layout: rows', () => {
  it('reads M4-style files: quoted header V1,V2,…, ragged rows padded with empty cells', async () => {
    const s = await read('"V1","V2","V3","V4"\n"D1","1017.1","1019.3",""\n"D2","1","2","3"\n', { layout: 'rows', header: true });
    expect(s).toMatchObject({ columns: ['value'], ids: ['D1', 'D2'], length: 5 });
    expect([...s.offsets!]).toEqual([0, 2, 5]);
    expect([...s.values]).toEqual([1017.1, 1019.3, 1, 2, 3]);
    expect(s.time).toBeUndefined();
  });

  it('auto header; a repeated id, an empty id, a bad value and an inner gap are located', async () => {
    await expect(read('a,1,2\nb,3,4\n', { layout: 'rows' })).resolves.toMatchObject({ ids: ['a', 'b'] });
    expect(await fails(read('a,1,2\nb,3,4\na,5,6\n', { layout: 'rows' }))).toMatchObject({ code: 'E_CSV_PARSE', line: 3, col: 1 });
    expect(await fails(read('a,1,2\n,3,4\n', { layout: 'rows' }))).toMatchObject({ code: 'E_CSV_MISSING_VALUE', line: 2, col: 1 });
    expect(await fails(read('a,1,x\n', { layout: 'rows' }))).toMatchObject({ code: 'E_CSV_VALUE', line: 1, col: 5 });
    expect(await fails(read('a,1,,3\n', { layout: 'rows' }))).toMatchObject({ code: 'E_CSV_MISSING_VALUE', line: 1, col: 5 });
    await expect(read('a,1,,3\n', { layout: 'rows', missing: 'interpolate' })).resolves.toMatchObject({ values: Float64Array.of(1, 2, 3) });
  });
});

describe('source/csv validate (check) for panels', () => {
  const check = (p: Partial<CsvParams>) => csvSource.check!({ ...base, path: 'x.csv', ...p }, {});
  it('refuses params that do not go together, at the param', () => {
    expect(check({ layout: 'wide', series: 'id' })).toMatchObject({ issues: [{ code: 'E_INVALID_VALUE', path: ['series'] }] });
    expect(check({ series: 't', time: 't' })).toMatchObject({ issues: [{ code: 'E_INVALID_VALUE', path: ['series'] }] });
    expect(check({ series: 'id', columns: ['v', 'id'] })).toMatchObject({ issues: [{ code: 'E_INVALID_VALUE', path: ['columns', 1] }] });
    expect(check({ layout: 'rows', time: 't' })).toMatchObject({ issues: [{ code: 'E_INVALID_VALUE', path: ['time'] }] });
  });

  it('reports one column for wide and rows, and never a length (series differ in length)', () => {
    expect(check({ layout: 'wide', columns: ['a', 'b', 'c'] })).toEqual({ issues: [], facts: { columns: 1 } });
    expect(check({ layout: 'rows' })).toEqual({ issues: [], facts: { columns: 1 } });
    expect(check({ series: 'id', columns: ['a', 'b'] })).toEqual({ issues: [], facts: { columns: 2 } });
  });
});
