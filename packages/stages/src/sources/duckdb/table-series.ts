/**
 * Rows read from a table → one Series, exactly as source/csv treats its rows: sorted by time
 * (an info line when they moved), a repeated time refused, the `missing` policy applied, and a
 * warning for irregular spacing of dates. Free of DuckDB (tested on plain arrays).
 */
import { formatTime, messages, type Series, type StageLogger } from '@seqpipe/core';
import { fillMissing } from '../csv/fill-missing.js';
import { irregularWarning, timeOrder } from '../time-order.js';
import type { Fail, TableRows } from './table-columns.js';
import type { TableMapping } from './table-params.js';

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
  if (mapping.missing === 'error') {
    const at = rows.values.findIndex(Number.isNaN);
    if (at >= 0) {
      const column = shape.columns[at % width]!;
      throw fail('E_DATA_MISSING_VALUE', messages.E_DATA_MISSING_VALUE(column, label(Math.floor(at / width)), '; set missing: drop, ffill or interpolate to accept gaps'));
    }
  }
  let order = Array.from({ length: rows.count }, (_, i) => i);
  if (rows.times) {
    const sorted = timeOrder(rows.times);
    if (sorted.moved) log?.info(`rows were not in time order; sorted by "${shape.time!.name}"`);
    order = sorted.order;
    if (sorted.duplicate) {
      const { first, later } = sorted.duplicate;
      throw fail('E_DATA_DUPLICATE_TIME', messages.E_DATA_DUPLICATE_TIME(showTime(rows.times[later]!), label(later), label(first)));
    }
  }
  const values: number[] = new Array<number>(rows.count * width);
  order.forEach((r, i) => {
    for (let c = 0; c < width; c++) values[i * width + c] = rows.values[r * width + c]!;
  });
  const times = rows.times ? order.map((r) => rows.times![r]!) : undefined;
  const filled = mapping.missing === 'error' ? { values: Float64Array.from(values), rows: order.map((_, i) => i) } : fillMissing(values, width, mapping.missing, times);
  if ('why' in filled) {
    throw fail('E_DATA_MISSING_VALUE', messages.E_DATA_MISSING_VALUE(shape.columns[filled.column]!, label(order[filled.row]!), `: ${filled.why}`));
  }
  if (!filled.rows.length) throw fail('E_DATA_EMPTY', messages.E_DATA_EMPTY(shape.table, ' left after dropping rows with missing values'));
  const kept = times && Float64Array.from(filled.rows.map((r) => times[r]!));
  if (kept && shape.time!.dated) {
    const warning = irregularWarning('W_DATA_IRREGULAR', kept, (i) => label(order[filled.rows[i]!]!));
    if (warning) log?.warn(warning);
  }
  return {
    kind: 'series', columns: shape.columns, length: filled.rows.length, values: filled.values,
    ...(kept ? { time: kept, ...(shape.time!.dated ? { timeUnit: 'ms-epoch' as const } : {}) } : {}),
    transforms: [],
  };
}
