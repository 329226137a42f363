/**
 * source/csv with `layout: rows`: one row per series, its first cell the id and then its values
 * in time order, as the M4 competition's files ("V1","V2",… header; rows padded with empty cells
 * to the longest series). Trailing missing cells end a series (ragged rows); one inside a series
 * follows `missing`. Split by the byte scanner; a file it cannot split (unusual quoting) is
 * E_CSV_PARSE at the row. No time axis: the values are in order.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { messages, type Series } from '@seqpipe/core';
import { readCell } from './cells.js';
import { csvError, displayPath, type CsvLayout } from './csv-file.js';
import { PANEL_VALUE, type CsvParams } from './csv-params.js';
import { bomLength, cellText, END, fieldPosition, GIVE_UP, nextRecord, QUOTED, scannable, Scanner } from './csv-scan.js';
import { fastNumber } from './fast-cells.js';
import { FloatList } from './typed-lists.js';
import { fillPanel, SeriesIds } from '../panel-rows.js';
import { inputChanged } from '../input-changed.js';
import { noSeriesId } from './row-plan.js';
import type { CsvReadOptions } from './read-csv-series.js';

/** Records between checks of the abort signal. */
const CHECK_EVERY = 1024;

export async function rowsPanel(file: string, params: CsvParams, layout: CsvLayout, options: CsvReadOptions): Promise<Series> {
  const buf = await readFile(file);
  options.signal?.throwIfAborted();
  const sha256 = `sha256:${createHash('sha256').update(buf).digest('hex')}`;
  if (options.sha256 !== undefined && sha256 !== options.sha256) throw inputChanged(displayPath(file), displayPath(file));
  const bom = bomLength(buf);
  if (bom < 0 || !scannable(layout.delimiter)) {
    throw csvError('E_CSV_PARSE', messages.E_CSV_PARSE('layout: rows reads UTF-8 files with a one-byte delimiter ("," ";" tab or "|")'), file);
  }
  const delimiter = layout.delimiter.charCodeAt(0);
  const s = new Scanner(buf, delimiter, bom);
  const at = (start: number, line: number, field: number): [number, number] => {
    const p = fieldPosition(buf, delimiter, start, line, field);
    return [p.line, p.col];
  };
  const name = (f: number): string => layout.names[f] ?? `column${f + 1}`;
  const ids = new SeriesIds();
  const values = new FloatList();
  /** Per series: where its row starts (byte, line), to locate a cell of it. */
  const starts: number[] = [];
  const lengths: number[] = [];
  for (let k = 0; ; k++) {
    if (k % CHECK_EVERY === 0) options.signal?.throwIfAborted();
    const r = nextRecord(s);
    if (r === END) break;
    if (r === GIVE_UP) throw csvError('E_CSV_PARSE', messages.E_CSV_PARSE('a quote is not closed, or a closing quote is not followed by the delimiter or the line end'), file, s.startLine, 1);
    if (k === 0 && layout.header) continue;
    const { cells, numbers, start, startLine: line } = s;
    const text = (f: number): string => cellText(buf, cells[3 * f]!, cells[3 * f + 1]!, cells[3 * f + 2]!);
    const id = text(0).trim();
    if (id === '') throw noSeriesId(file, name(0), ...at(start, line, 0));
    const series = ids.of(id);
    if (series < starts.length / 2) {
      const first = starts[2 * series + 1]!;
      throw csvError('E_CSV_PARSE', messages.E_CSV_PARSE(`series id "${id}" is on line ${first} and again here; with layout: rows each row is one series`), file, ...at(start, line, 0));
    }
    starts.push(start, line);
    // Trailing missing cells pad a shorter series to the file's width.
    let last = s.count - 1;
    while (last >= 1 && readCell(text(last)).kind === 'missing') last--;
    if (last < 1) throw csvError('E_CSV_MISSING_VALUE', messages.E_CSV_MISSING_VALUE(name(1), `: series "${id}" has no values`), file, ...at(start, line, Math.min(1, s.count - 1)));
    const room = values.room(last);
    let n = values.length;
    for (let f = 1; f <= last; f++) {
      let v = numbers[f]!;
      if (v !== v && cells[3 * f + 2] === QUOTED) v = fastNumber(buf, cells[3 * f]!, cells[3 * f + 1]!);
      if (v !== v) {
        const cell = readCell(text(f));
        if (cell.kind === 'number') v = cell.value;
        else if (cell.kind !== 'missing') {
          throw csvError('E_CSV_VALUE', messages.E_CSV_VALUE(name(f), text(f), cell.kind === 'infinite' ? 'a finite number' : 'a number'), file, ...at(start, line, f));
        } else if (params.missing === 'error') {
          throw csvError('E_CSV_MISSING_VALUE', messages.E_CSV_MISSING_VALUE(name(f), '; set missing: drop, ffill or interpolate to accept gaps'), file, ...at(start, line, f));
        }
      }
      room[n++] = v;
    }
    values.length = n;
    lengths.push(last);
  }
  if (!lengths.length) throw csvError('E_CSV_EMPTY', messages.E_CSV_EMPTY(displayPath(file), ''), file);
  const offsets = new Int32Array(lengths.length + 1);
  lengths.forEach((n, i) => (offsets[i + 1] = offsets[i]! + n));
  const filled = fillPanel(values.toArray(), 1, ids.ids, offsets, params.missing);
  if ('why' in filled) {
    let series = 0;
    while (offsets[series + 1]! <= filled.row) series++;
    const field = filled.row - offsets[series]! + 1;
    throw csvError('E_CSV_MISSING_VALUE', messages.E_CSV_MISSING_VALUE(name(field), `: ${filled.why}`), file, ...at(starts[2 * series]!, starts[2 * series + 1]!, field));
  }
  const length = filled.offsets[filled.offsets.length - 1]!;
  if (!length) throw csvError('E_CSV_EMPTY', messages.E_CSV_EMPTY(displayPath(file), ' left after dropping rows with missing values'), file);
  return { kind: 'series', columns: [PANEL_VALUE], length, values: filled.values, ids: filled.ids, offsets: filled.offsets, transforms: [] };
}
