/**
 * Streams a CSV through csv-parse and keeps only what the series needs: for each row that
 * passes `where`, its line, its time and its value cells as numbers (NaN where missing). Memory
 * is bounded by the kept numbers, never the file's text. A bad cell stops the read at once with
 * its line and column.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { parse, type CsvError } from 'csv-parse';
import { messages, suggest } from '@seqpipe/core';
import { fieldColumn, readCell } from './cells.js';
import { csvError, displayPath, lineAt, type CsvLayout } from './csv-file.js';
import type { CsvParams } from './csv-params.js';
import { parseTimestamp } from './parse-time.js';

export interface CsvRows {
  readonly columns: readonly string[];
  /** Physical line of each row (the record's last line). */
  readonly lines: number[];
  readonly times?: number[];
  /** Row-major, columns.length per row; NaN marks a missing cell. */
  readonly values: number[];
  /** Field index in the file of each value column, to locate a cell later. */
  readonly fields: readonly number[];
  readonly timeField?: number;
  /** `sha256:<hex>` of exactly the bytes parsed (the source's key must be of these). */
  readonly sha256: string;
}

/** Rows buffered to decide which columns are numeric when `columns` is not given. */
const SAMPLE = 100;
/** Distinct `where` values remembered for a did-you-mean when nothing matches. */
const SEEN_LIMIT = 1000;

const TIMESTAMP = 'a timestamp (ISO 8601 date or date-time, a year, or a form like "Jan 1 2000")';

/** Field index of each column name (its first occurrence): one lookup per named column, not a scan. */
export function namePositions(names: readonly string[]): Map<string, number> {
  const at = new Map<string, number>();
  names.forEach((n, i) => at.has(n) || at.set(n, i));
  return at;
}

/** Index of each named column; E_CSV_MISSING_COLUMN at the header line when one is absent. */
export function columnIndex(file: string, layout: CsvLayout, positions: ReadonlyMap<string, number>, name: string, param: string): number {
  const i = positions.get(name) ?? -1;
  if (i < 0) throw csvError('E_CSV_MISSING_COLUMN', messages.E_CSV_MISSING_COLUMN(name, param, layout.names, suggest(name, layout.names)), file, 1, 1);
  return i;
}

/** Index of the first header cell repeating an earlier non-empty name (trimmed); -1 if none. Linear in the columns. */
function duplicateName(header: readonly string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < header.length; i++) {
    const name = header[i]!.trim();
    if (name === '') continue;
    if (seen.has(name)) return i;
    seen.add(name);
  }
  return -1;
}

export async function readRows(file: string, params: CsvParams, layout: CsvLayout, signal?: AbortSignal): Promise<CsvRows> {
  const positions = namePositions(layout.names);
  const timeField = params.time === undefined ? undefined : columnIndex(file, layout, positions, params.time, 'time');
  const where = Object.entries(params.where ?? {}).map(([name, v]) => ({ field: columnIndex(file, layout, positions, name, `where.${name}`), name, value: String(v) }));
  const seen = new Map<string, Set<string>>(where.map((w) => [w.name, new Set<string>()]));
  let fields: number[] | undefined = params.columns?.map((c, i) => columnIndex(file, layout, positions, c, `columns[${i}]`));

  const locate = async (line: number, field: number): Promise<number> => fieldColumn((await lineAt(file, line)) ?? '', field, layout.delimiter);
  const bad = async (line: number, field: number, cell: string, expected: string) =>
    csvError('E_CSV_VALUE', messages.E_CSV_VALUE(layout.names[field]!, cell, expected), file, line, await locate(line, field));

  const lines: number[] = [];
  const times: number[] | undefined = timeField === undefined ? undefined : [];
  const values: number[] = [];
  const pending: { record: string[]; line: number }[] = [];

  const keep = async (record: string[], line: number): Promise<void> => {
    if (times) {
      const t = parseTimestamp(record[timeField!]!);
      if (t === undefined) throw await bad(line, timeField!, record[timeField!]!, TIMESTAMP);
      times.push(t);
    }
    for (const f of fields!) {
      const cell = readCell(record[f]!);
      if (cell.kind === 'number') values.push(cell.value);
      else if (cell.kind === 'missing') {
        if (params.missing === 'error') {
          throw csvError('E_CSV_MISSING_VALUE', messages.E_CSV_MISSING_VALUE(layout.names[f]!, '; set missing: drop, ffill or interpolate to accept gaps'), file, line, await locate(line, f));
        }
        values.push(Number.NaN);
      } else throw await bad(line, f, record[f]!, cell.kind === 'infinite' ? 'a finite number' : 'a number');
    }
    lines.push(line);
  };
  /** Default columns: those whose first non-missing sampled cell is a number. */
  const decide = (): number[] => {
    const skip = new Set([timeField, ...where.map((w) => w.field)]);
    const numeric = (f: number): boolean => {
      for (const p of pending) {
        const cell = readCell(p.record[f]!);
        if (cell.kind !== 'missing') return cell.kind === 'number' || cell.kind === 'infinite';
      }
      return false;
    };
    return layout.names.map((_, f) => f).filter((f) => !skip.has(f) && numeric(f));
  };

  // Hashed as parsed, so the digest is of the very bytes the series comes from.
  const hash = createHash('sha256');
  const input = createReadStream(file);
  input.on('data', (chunk) => hash.update(chunk as Buffer));
  const parser = input.pipe(parse({
    bom: true, delimiter: layout.delimiter, info: true, skip_empty_lines: true, from_line: 1,
    // Any line end on any line, as pandas reads them: csv-parse would otherwise keep to the
    // first line's and fail on a file that mixes CRLF and LF.
    record_delimiter: ['\r\n', '\n', '\r'],
  }));
  let first = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // Checked every row (a property read): an aborted read throws, never returns part of a series.
      signal?.throwIfAborted();
      if (first && layout.header) {
        first = false;
        const dup = duplicateName(record);
        if (dup >= 0) throw csvError('E_CSV_PARSE', messages.E_CSV_PARSE(`column name "${record[dup]!.trim()}" appears twice in the header`), file, info.lines, await locate(info.lines, dup));
        continue;
      }
      first = false;
      if (where.some((w) => {
        const cell = record[w.field]!.trim();
        const s = seen.get(w.name)!;
        if (s.size < SEEN_LIMIT) s.add(cell);
        return cell !== w.value;
      })) continue;
      if (!fields) {
        pending.push({ record, line: info.lines });
        if (pending.length < SAMPLE) continue;
        fields = decide();
        if (!fields.length) throw csvError('E_CSV_NO_COLUMNS', messages.E_CSV_NO_COLUMNS(` in the first ${SAMPLE} rows`), file);
        for (const p of pending.splice(0)) await keep(p.record, p.line);
        continue;
      }
      await keep(record, info.lines);
    }
  } catch (e) {
    const err = e as CsvError & { lines?: number };
    if (typeof err.code === 'string' && err.code.startsWith('CSV_')) throw csvError('E_CSV_PARSE', messages.E_CSV_PARSE(err.message), file, err.lines ?? 1, 1);
    throw e;
  } finally {
    parser.destroy();
  }
  signal?.throwIfAborted();
  if (!fields) {
    fields = decide();
    if (!fields.length && pending.length) throw csvError('E_CSV_NO_COLUMNS', messages.E_CSV_NO_COLUMNS(''), file);
    for (const p of pending.splice(0)) await keep(p.record, p.line);
  }
  if (!lines.length) {
    const filter = where.map((w) => {
      const hint = suggest(w.value, seen.get(w.name)!);
      return ` matching ${w.name} = "${w.value}"${hint ? ` — did you mean "${hint}"?` : ''}`;
    }).join(',');
    throw csvError('E_CSV_EMPTY', messages.E_CSV_EMPTY(displayPath(file), filter), file);
  }
  return {
    columns: fields.map((f) => layout.names[f]!), lines, values, fields, sha256: `sha256:${hash.digest('hex')}`,
    ...(times ? { times, timeField: timeField! } : {}),
  };
}
