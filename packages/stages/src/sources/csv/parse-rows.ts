/**
 * The csv-parse reader: streams the bytes through csv-parse and keeps, for each row that passes
 * `where`, its line, time and value cells as numbers (NaN where missing). It reads what the fast
 * reader gives up on (malformed or unusual quoting, uneven rows, a UTF-16 byte-order mark, a
 * multi-byte delimiter), so those keep csv-parse's own errors, and is the reference the fast
 * reader is tested against. A bad cell stops the read at once, located by lineText + fieldColumn.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { messages } from '@seqpipe/core';
import { fieldColumn, readCell } from './cells.js';
import { csvError, type CsvLayout } from './csv-file.js';
import type { CsvParams } from './csv-params.js';
import type { CsvRows } from './csv-rows.js';
import { parseTimestamp } from './parse-time.js';
import { duplicateName, noColumns, noRows, noSeriesId, numericFields, planRows, SAMPLE, SEEN_LIMIT, TIMESTAMP } from './row-plan.js';
import { SeriesIds } from '../panel-rows.js';

/** The text of physical line n (1-based, byte-order mark removed), to locate a cell. */
export type LineText = (n: number) => Promise<string | undefined>;

export async function parseRows(
  file: string, params: CsvParams, layout: CsvLayout, source: AsyncIterable<Buffer>, lineText: LineText, signal?: AbortSignal,
): Promise<CsvRows> {
  const plan = planRows(file, params, layout);
  const { timeField, seriesField, where, seen } = plan;
  let fields = plan.fields;

  const locate = async (line: number, field: number): Promise<number> => fieldColumn((await lineText(line)) ?? '', field, layout.delimiter);
  const bad = async (line: number, field: number, cell: string, expected: string) =>
    csvError('E_CSV_VALUE', messages.E_CSV_VALUE(layout.names[field]!, cell, expected), file, line, await locate(line, field));

  const lines: number[] = [];
  const times: number[] | undefined = timeField === undefined ? undefined : [];
  const values: number[] = [];
  const seriesOf: number[] | undefined = seriesField === undefined ? undefined : [];
  const ids = new SeriesIds();
  const pending: { record: string[]; line: number }[] = [];

  const keep = async (record: string[], line: number): Promise<void> => {
    if (seriesOf) {
      const id = record[seriesField!]!.trim();
      if (id === '') throw noSeriesId(file, layout.names[seriesField!]!, line, await locate(line, seriesField!));
      seriesOf.push(ids.of(id));
    }
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
  const decide = (): number[] => numericFields(layout, plan, pending.length, (r, f) => readCell(pending[r]!.record[f]!).kind);

  // Hashed as parsed, so the digest is of the very bytes the series comes from.
  const hash = createHash('sha256');
  const input = Readable.from(source, { objectMode: false });
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
        if (!fields.length) throw noColumns(file, ` in the first ${SAMPLE} rows`);
        for (const p of pending.splice(0)) await keep(p.record, p.line);
        continue;
      }
      await keep(record, info.lines);
    }
  } catch (e) {
    // Every csv-parse error, INVALID_OPENING_QUOTE (a stray quote) included, which has no CSV_ prefix.
    if (e instanceof CsvError) throw csvError('E_CSV_PARSE', messages.E_CSV_PARSE(e.message), file, (e as CsvError & { lines?: number }).lines ?? 1, 1);
    throw e;
  } finally {
    parser.destroy();
  }
  signal?.throwIfAborted();
  if (!fields) {
    fields = decide();
    if (!fields.length && pending.length) throw noColumns(file, '');
    for (const p of pending.splice(0)) await keep(p.record, p.line);
  }
  if (!lines.length) throw noRows(file, plan);
  const kept = fields;
  return {
    columns: kept.map((f) => layout.names[f]!), fields: kept, length: lines.length, values: Float64Array.from(values),
    sha256: `sha256:${hash.digest('hex')}`,
    ...(times ? { times: Float64Array.from(times), timeField: timeField! } : {}),
    ...(seriesOf ? { seriesOf: Int32Array.from(seriesOf), ids: ids.ids, seriesField: seriesField! } : {}),
    line: (r) => lines[r]!,
    locate: async (r, field) => ({ line: lines[r]!, col: await locate(lines[r]!, field) }),
  };
}
