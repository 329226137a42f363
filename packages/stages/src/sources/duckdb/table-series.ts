/**
 * Rows read from a table → one Series, exactly as source/csv treats its rows: sorted by time
 * (an info line when they moved), a repeated time refused, the `missing` policy applied, and a
 * warning for irregular spacing of dates. Free of DuckDB (tested on plain arrays). Rows already
 * in time order with nothing to fill are passed on without a copy (millions of rows are common).
 */
import { formatTime, messages, type Series, type StageLogger } from '@seqpipe/core';
import { fillMissing } from '../csv/fill-missing.js';
import { irregularWarning, timeOrder } from '../time-order.js';
import { fillPanel, panelIrregular, panelOrder, reorderRows } from '../panel-rows.js';
import type { Fail, TableRows } from './table-columns.js';
import type { TableMapping } from './table-params.js';

/** The codes a DuckDB-backed read reports for bad data: a file changed under the read can cause them. */
export const DATA_ERRORS = /^E_(DATA|PARQUET|SQL)/;

export interface SeriesShape {
  readonly columns: readonly string[];
  /** The time column's name and whether its values are dates (epoch ms). */
  readonly time?: { readonly name: string; readonly dated: boolean };
  /** What was read, for messages: 'file "x.parquet"', "the query's result". */
  readonly table: string;
}

export function tableSeries(rows: TableRows, shape: SeriesShape, mapping: TableMapping, fail: Fail, log?: StageLogger): Series {
  const width = shape.columns.length;
  const label = (r: number): string => `row ${rows.rowNumbers ? rows.rowNumbers[r]! : r + 1}`;
  const showTime = (t: number): string => (shape.time?.dated ? formatTime(t) : String(t));
  if (rows.count === 0) throw fail('E_DATA_EMPTY', messages.E_DATA_EMPTY(shape.table, ''));
  if (rows.seriesOf && mapping.missing === 'error') missingError(rows, shape, label, fail);
  if (rows.seriesOf) return tablePanel(rows, shape, mapping, fail, label, showTime, log);
  if (mapping.missing === 'error') {
    const at = rows.values.findIndex(Number.isNaN);
    if (at >= 0) {
      const column = shape.columns[at % width]!;
      throw fail('E_DATA_MISSING_VALUE', messages.E_DATA_MISSING_VALUE(column, label(Math.floor(at / width)), '; set missing: drop, ffill or interpolate to accept gaps'));
    }
  }
  // order[i]: the read row at position i in time.
  let order: readonly number[] | undefined;
  if (rows.times) {
    const sorted = timeOrder(rows.times);
    if (sorted.moved) log?.info(`rows were not in time order; sorted by "${shape.time!.name}"`);
    if (sorted.duplicate) {
      const { first, later } = sorted.duplicate;
      throw fail('E_DATA_DUPLICATE_TIME', messages.E_DATA_DUPLICATE_TIME(showTime(rows.times[later]!), label(later), label(first)));
    }
    order = sorted.order;
  }
  const readRow = (i: number): number => (order ? order[i]! : i);
  let values = rows.values;
  let times = rows.times;
  if (order) {
    values = new Float64Array(values.length);
    order.forEach((r, i) => values.set(rows.values.subarray(r * width, (r + 1) * width), i * width));
    times = Float64Array.from(order, (r) => rows.times![r]!);
  }
  // kept[i]: the sorted position of the i-th row kept (all of them unless rows are dropped).
  let kept: Uint32Array | undefined;
  if (mapping.missing !== 'error') {
    const filled = fillMissing(values, width, mapping.missing, times);
    if ('why' in filled) {
      throw fail('E_DATA_MISSING_VALUE', messages.E_DATA_MISSING_VALUE(shape.columns[filled.column]!, label(readRow(filled.row)), `: ${filled.why}`));
    }
    const count = filled.kept ? filled.kept.length : rows.count;
    if (!count) throw fail('E_DATA_EMPTY', messages.E_DATA_EMPTY(shape.table, ' left after dropping rows with missing values'));
    values = filled.values;
    if (count !== rows.count) {
      kept = filled.kept;
      if (times) times = Float64Array.from(kept!, (r) => times![r]!);
    }
  }
  const length = kept ? kept.length : rows.count;
  if (times && shape.time!.dated) {
    const warning = irregularWarning('W_DATA_IRREGULAR', times, (i) => label(readRow(kept ? kept[i]! : i)));
    if (warning) log?.warn(warning);
  }
  return {
    kind: 'series', columns: shape.columns, length, values,
    ...(times ? { time: times, ...(shape.time!.dated ? { timeUnit: 'ms-epoch' as const } : {}) } : {}),
    transforms: [],
  };
}

/** The first NaN, as E_DATA_MISSING_VALUE (missing: error). */
function missingError(rows: TableRows, shape: SeriesShape, label: (r: number) => string, fail: Fail): void {
  const width = shape.columns.length;
  const at = rows.values.findIndex(Number.isNaN);
  if (at >= 0) {
    throw fail('E_DATA_MISSING_VALUE', messages.E_DATA_MISSING_VALUE(shape.columns[at % width]!, label(Math.floor(at / width)), '; set missing: drop, ffill or interpolate to accept gaps'));
  }
}

/**
 * Rows with a series column → a panel: grouped by id in order of first appearance in the rows
 * read (the file's order for Parquet, the result's for a query), each series sorted by time; a
 * time repeated within one series is refused, the same time in two series is not.
 */
function tablePanel(rows: TableRows, shape: SeriesShape, mapping: TableMapping, fail: Fail, label: (r: number) => string, showTime: (t: number) => string, log?: StageLogger): Series {
  const width = shape.columns.length;
  const ids = rows.ids!;
  const grouped = panelOrder(rows.seriesOf!, ids.length, rows.count, rows.times);
  if (grouped.moved) log?.info(`rows were not in time order within their series; sorted by "${shape.time!.name}"`);
  if (grouped.duplicate) {
    const { first, later } = grouped.duplicate;
    throw fail('E_DATA_DUPLICATE_TIME', messages.E_DATA_DUPLICATE_TIME(showTime(rows.times![later]!), label(later), label(first)));
  }
  const { order } = grouped;
  const readRow = (p: number): number => (order ? order[p]! : p);
  const values = order ? reorderRows(rows.values, width, order) : rows.values;
  const times = rows.times && (order ? reorderRows(rows.times, 1, order) : rows.times);
  const filled = fillPanel(values, width, ids, grouped.offsets, mapping.missing, times);
  if ('why' in filled) throw fail('E_DATA_MISSING_VALUE', messages.E_DATA_MISSING_VALUE(shape.columns[filled.column]!, label(readRow(filled.row)), `: ${filled.why}`));
  const length = filled.offsets[filled.offsets.length - 1]!;
  if (!length) throw fail('E_DATA_EMPTY', messages.E_DATA_EMPTY(shape.table, ' left after dropping rows with missing values'));
  if (filled.times && shape.time!.dated) {
    const warning = panelIrregular('W_DATA_IRREGULAR', filled.times, filled.ids, filled.offsets, (i) => label(readRow(filled.kept ? filled.kept[i]! : i)));
    if (warning) log?.warn(warning);
  }
  return {
    kind: 'series', columns: shape.columns, length, values: filled.values,
    ...(filled.times ? { time: filled.times, ...(shape.time!.dated ? { timeUnit: 'ms-epoch' as const } : {}) } : {}),
    ids: filled.ids, offsets: filled.offsets, transforms: [],
  };
}
