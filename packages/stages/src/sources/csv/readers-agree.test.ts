/**
 * The fast reader against csv-parse (readCsvSeries with reader: 'csv-parse', the reader source/csv
 * had before) over a catalogue of generated tricky CSVs: both give the same series and notes, or
 * the same error (code, message, line and column). Where a quoted cell holds a line break, csv-parse
 * placed later cells by the record's last line (counting a quoted CRLF twice) and the fast reader
 * places them on their own physical line, so there only the code and the series are compared.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { CsvParams } from './csv-params.js';
import type { CsvReader } from './csv-rows.js';
import { readCsvSeries } from './read-csv-series.js';

const dir = mkdtempSync(join(tmpdir(), 'seqpipe-csv-agree-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NUMBERS = ['1', '-2.5', '0', '-0', '+3', '007', '5.', '.5', '1e3', '1E-2', '0.1', '123456.789', '12345678901234567', '3.14159265358979', '0.30000000000000004', '-142.85714285714286', '1e-30', '"4"'];
const ODD = ['', 'NA', 'n/a', 'NaN', 'null', ' ', '1e999', 'Inf', '-infinity', 'abc', ' 4 ', '1,5', 'é', '\uFEFF7', '٣', 'x"y', '"q"', 'a\nb', 'c\r\nd', 'e\rf'];
const TEXT = ['MSFT', 'IBM', 'x y', 'Smith, J', 'say "hi"', 'é', ''];
const MULTILINE = ['two\nlines', 'cr\rhere', 'crlf\r\nend'];
const BAD_TIMES = ['2000-02-30', 'soon', '2000-01-01T23:59:60', '01/02/2000', ''];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** A seeded generator (no Math.random): uniform in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

type Style = 'year' | 'date' | 'minute' | 'month';
function timeText(style: Style, i: number): string {
  const d = new Date(Date.UTC(2000, 0, 1) + (style === 'date' ? i * 86_400_000 : i * 60_000));
  if (style === 'year') return String(2000 + i);
  if (style === 'month') return `${MONTHS[i % 12]} 1 ${2000 + Math.floor(i / 12)}`;
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return style === 'date' ? day : `${day}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00Z`;
}

const spec = fc.record({
  width: fc.integer({ min: 1, max: 4 }),
  rows: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 95, max: 130 })),
  types: fc.array(fc.constantFrom('number', 'number', 'time', 'text'), { minLength: 4, maxLength: 4 }),
  delimiter: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(',', ';', '\t', '|') }, { weight: 1, arbitrary: fc.constantFrom(' ', ':', '.', '-', 'e', '5', 'T') }),
  header: fc.constantFrom('names', 'names', 'names', 'dup', 'none'),
  bom: fc.boolean(),
  ends: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 3 }),
  trailing: fc.boolean(),
  seed: fc.integer(),
  odd: fc.constantFrom(0, 0, 0, 0.02, 0.2),
  quote: fc.constantFrom(0, 0.2, 1),
  empty: fc.constantFrom(0, 0.1),
  ragged: fc.constantFrom(0, 0, 0.02),
  style: fc.constantFrom<Style>('year', 'date', 'minute', 'month'),
  order: fc.constantFrom('sorted', 'sorted', 'shuffled', 'dup'),
  time: fc.boolean(),
  columns: fc.constantFrom('default', 'default', 'subset'),
  where: fc.boolean(),
  missing: fc.constantFrom<CsvParams['missing']>('error', 'drop', 'ffill', 'interpolate'),
  givenDelimiter: fc.boolean(),
  headerParam: fc.constantFrom<CsvParams['header'] | 'matching'>('auto', 'auto', 'matching', true, false),
});
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

/** The CSV text, the params, and whether a quoted cell holds a line break. */
function build(s: Spec): { text: string; params: CsvParams; multiline: boolean } {
  const rand = lcg(s.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const names = ['a', 'b', 'c', 'd'].slice(0, s.width);
  if (s.header === 'dup' && s.width > 1) names[s.width - 1] = 'a';
  const timeCol = s.types.slice(0, s.width).indexOf('time');
  const times = Array.from({ length: s.rows }, (_, i) => timeText(s.style, i));
  if (s.order === 'shuffled') for (let i = times.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [times[i], times[j]] = [times[j]!, times[i]!]; }
  if (s.order === 'dup' && times.length > 2) times[times.length - 1] = times[1]!;
  let multiline = false;
  const render = (cell: string): string => {
    const special = cell.includes(s.delimiter) || /["\r\n]/.test(cell);
    if (!(special || rand() < s.quote) || rand() < 0.01) return cell; // sometimes left unquoted anyway: malformed
    if (/[\r\n]/.test(cell)) multiline = true;
    return `"${cell.replaceAll('"', '""')}"`;
  };
  const records: string[][] = [];
  if (s.header !== 'none') records.push(names);
  for (let r = 0; r < s.rows; r++) {
    const cells = names.map((_, c) => {
      if (rand() < s.odd) return pick(c === timeCol ? BAD_TIMES.concat(ODD) : ODD);
      const type = s.types[c]!;
      if (type === 'text') return rand() < 0.03 ? pick(MULTILINE) : pick(TEXT);
      return type === 'time' ? times[r]! : pick(NUMBERS).replaceAll('"', '');
    });
    if (rand() < s.ragged) cells.length > 1 && rand() < 0.5 ? cells.pop() : cells.push('9');
    records.push(cells);
  }
  let text = s.bom ? '\uFEFF' : '';
  records.forEach((cells, i) => {
    if (rand() < s.empty) text += pick(s.ends);
    text += cells.map(render).join(s.delimiter);
    if (i < records.length - 1 || s.trailing) text += pick(s.ends);
  });
  const textCol = s.types.slice(0, s.width).indexOf('text');
  // Without a header row the params name columns as the reader does: column1, column2, …
  const named = s.header === 'none' ? names.map((_, i) => `column${i + 1}`) : names;
  const params: CsvParams = {
    path: '', missing: s.missing, header: s.headerParam === 'matching' ? s.header !== 'none' : s.headerParam,
    ...(s.givenDelimiter || !',;\t|'.includes(s.delimiter) ? { delimiter: s.delimiter } : {}),
    ...(s.time ? { time: named[timeCol >= 0 ? timeCol : 0]! } : {}),
    ...(s.columns === 'subset' ? { columns: [...new Set(named.filter(() => rand() < 0.6))].slice(0, 3) } : {}),
    ...(s.where && textCol >= 0 ? { where: { [named[textCol]!]: rand() < 0.8 ? pick(TEXT).trim() : 'nowhere' } } : {}),
  };
  if (params.columns && !params.columns.length) delete (params as { columns?: unknown }).columns;
  return { text, params, multiline };
}

let n = 0;
async function outcome(file: string, params: CsvParams, reader: CsvReader) {
  const logs: string[] = [];
  const log = { info: (m: string) => logs.push(`info ${m}`), warn: (m: string) => logs.push(`warn ${m}`) };
  try {
    const s = await readCsvSeries(file, params, { log, reader });
    const values = [...s.values].map((v) => (Object.is(v, -0) ? '-0' : v));
    return { series: { columns: s.columns, length: s.length, values, time: s.time ? [...s.time] : undefined }, logs };
  } catch (e) {
    const { code, message, line, col, name } = e as { code?: string; message: string; line?: number; col?: number; name: string };
    return { error: { code: code ?? name, message, line, col }, logs };
  }
}

describe('the fast reader and csv-parse agree', () => {
  it('with a delimiter that can be part of a time (a space): a row with one field too many is still E_CSV_PARSE', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `2000-01-${String(i + 1).padStart(2, '0')} ${i}`);
    const file = join(dir, 'space.csv');
    writeFileSync(file, `t v\n${rows.join('\n')}\n2000-01-21 12:30 7\n2000-01-22 8\n`);
    const params: CsvParams = { path: '', missing: 'error', header: 'auto', delimiter: ' ', time: 't', columns: ['v'] };
    for (const reader of ['auto', 'csv-parse'] as const) expect((await outcome(file, params, reader)).error).toMatchObject({ code: 'E_CSV_PARSE', line: 22 });
  });

  it('on generated tricky CSVs: the same series or the same located error', async () => {
    await fc.assert(fc.asyncProperty(spec, async (s) => {
      const { text, params, multiline } = build(s);
      const file = join(dir, `f${n++}.csv`);
      writeFileSync(file, text);
      const [fast, ref] = [await outcome(file, params, 'auto'), await outcome(file, params, 'csv-parse')];
      const context = JSON.stringify({ text: text.slice(0, 400), params });
      if (!multiline) expect(fast, context).toEqual(ref);
      else {
        expect(fast.series, context).toEqual(ref.series);
        expect(fast.error?.code, context).toBe(ref.error?.code);
      }
    }), { numRuns: 1000 });
  }, 120_000);
});
