/**
 * The panels of source/csv built from the rows read: long format with a `series` column (rows
 * grouped by id in order of first appearance, each series in time order) and `layout: wide` (a
 * column per series). The `missing` policy applies within each series; every error is located
 * in the file as for a single series.
 */
import { formatTime, messages, type Series } from '@seqpipe/core';
import { fillPanel, panelIrregular, panelOrder, reorderRows } from '../panel-rows.js';
import { timeOrder } from '../time-order.js';
import { csvError, displayPath } from './csv-file.js';
import { PANEL_VALUE, type CsvParams } from './csv-params.js';
import type { CsvRows } from './csv-rows.js';
import type { CsvReadOptions } from './read-csv-series.js';

/** Long format with `series`: rows.seriesOf and rows.ids are set. */
export async function longPanel(file: string, params: CsvParams, rows: CsvRows, options: CsvReadOptions): Promise<Series> {
  const width = rows.columns.length;
  const ids = rows.ids!;
  const grouped = panelOrder(rows.seriesOf!, ids.length, rows.length, rows.times);
  if (grouped.moved) options.log?.info(`rows were not in time order within their series; sorted by "${params.time}"`);
  if (grouped.duplicate) {
    const { first, later } = grouped.duplicate;
    const at = await rows.locate(later, rows.timeField!);
    throw csvError('E_CSV_DUPLICATE_TIME', messages.E_CSV_DUPLICATE_TIME(formatTime(rows.times![later]!), rows.line(first)), file, at.line, at.col);
  }
  const { order } = grouped;
  const readRow = (i: number): number => (order ? order[i]! : i);
  const values = order ? reorderRows(rows.values, width, order) : rows.values;
  const times = rows.times && (order ? reorderRows(rows.times, 1, order) : rows.times);
  return finish(file, params, { values, width, columns: rows.columns, ids, offsets: grouped.offsets, times }, rows, readRow, (_i, c) => rows.fields[c]!, options);
}

/** layout: wide: every value column a series named by its header, read as the one column PANEL_VALUE. */
export async function widePanel(file: string, params: CsvParams, rows: CsvRows, options: CsvReadOptions): Promise<Series> {
  const width = rows.columns.length;
  const n = rows.length;
  const sorted = rows.times ? timeOrder(rows.times) : undefined;
  if (sorted?.moved) options.log?.info(`rows were not in time order; sorted by "${params.time}"`);
  if (sorted?.duplicate) {
    const { first, later } = sorted.duplicate;
    const at = await rows.locate(later, rows.timeField!);
    throw csvError('E_CSV_DUPLICATE_TIME', messages.E_CSV_DUPLICATE_TIME(formatTime(rows.times![later]!), rows.line(first)), file, at.line, at.col);
  }
  const order = sorted?.order;
  const fileRow = (i: number): number => (order ? order[i]! : i);
  // Series c is column c over every row, in time order.
  const values = new Float64Array(n * width);
  for (let c = 0; c < width; c++) for (let i = 0; i < n; i++) values[c * n + i] = rows.values[fileRow(i) * width + c]!;
  let times: Float64Array | undefined;
  if (rows.times) {
    times = new Float64Array(n * width);
    for (let i = 0; i < n; i++) times[i] = rows.times[fileRow(i)]!;
    for (let c = 1; c < width; c++) times.copyWithin(c * n, 0, n);
  }
  const offsets = Int32Array.from({ length: width + 1 }, (_, c) => c * n);
  const panel = { values, width: 1, columns: [PANEL_VALUE], ids: rows.columns, offsets, times };
  return finish(file, params, panel, rows, (p) => fileRow(p % n), (p) => rows.fields[Math.floor(p / n)]!, options);
}

interface Grouped {
  readonly values: Float64Array;
  readonly width: number;
  readonly columns: readonly string[];
  readonly ids: readonly string[];
  readonly offsets: Int32Array;
  readonly times?: Float64Array;
}

/**
 * The `missing` policy per series, the irregular-spacing warning, the Series. `readRow(p)`: the
 * read row of grouped position p; `field(p, c)`: the file field of its column c.
 */
async function finish(
  file: string, params: CsvParams, g: Grouped, rows: CsvRows, readRow: (p: number) => number, field: (p: number, c: number) => number, options: CsvReadOptions,
): Promise<Series> {
  const filled = fillPanel(g.values, g.width, g.ids, g.offsets, params.missing, g.times);
  if ('why' in filled) {
    const at = await rows.locate(readRow(filled.row), field(filled.row, filled.column));
    const name = rows.columns[rows.fields.indexOf(field(filled.row, filled.column))]!;
    throw csvError('E_CSV_MISSING_VALUE', messages.E_CSV_MISSING_VALUE(name, `: ${filled.why}`), file, at.line, at.col);
  }
  const length = filled.offsets[filled.offsets.length - 1]!;
  if (!length) throw csvError('E_CSV_EMPTY', messages.E_CSV_EMPTY(displayPath(file), ' left after dropping rows with missing values'), file);
  const position = (i: number): number => (filled.kept ? filled.kept[i]! : i);
  if (filled.times) {
    const warning = panelIrregular('W_CSV_IRREGULAR', filled.times, filled.ids, filled.offsets, (i) => `line ${rows.line(readRow(position(i)))}`);
    if (warning) options.log?.warn(warning);
  }
  return {
    kind: 'series', columns: g.columns, length, values: filled.values,
    ...(filled.times ? { time: filled.times, timeUnit: 'ms-epoch' as const } : {}),
    ids: filled.ids, offsets: filled.offsets, transforms: [],
  };
}
