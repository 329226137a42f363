/**
 * readCsvSeries: a CSV file → a Series, with the same params as `source/csv`. Used by the stage
 * and by anything that must read new data exactly as training did (forecasting a saved run).
 */
import { formatTime, messages, type Series } from '@seqpipe/core';
import { irregularWarning, timeOrder } from '../time-order.js';
import { checkFile, csvError, displayPath, lineAt, readLayout } from './csv-file.js';
import { fieldColumn } from './cells.js';
import type { CsvParams } from './csv-params.js';
import { readRows } from './csv-rows.js';
import { fillMissing } from './fill-missing.js';

/** The stage's params; `missing` and `header` may be left out (their defaults apply). */
export type CsvReadParams = Omit<CsvParams, 'missing' | 'header'> & Partial<Pick<CsvParams, 'missing' | 'header'>>;

export interface CsvReadOptions {
  /** Warnings (irregular spacing) and notes (rows sorted); default: dropped. */
  readonly log?: { info(message: string): void; warn(message: string): void };
  readonly signal?: AbortSignal;
  /**
   * The digest the caller keyed the file by (`sha256:<hex>`, the stage's fingerprint): the bytes
   * parsed must hash to it, else E_INPUT_CHANGED (the file changed after it was fingerprinted).
   */
  readonly sha256?: string;
}

/**
 * Reads `file` (already resolved: absolute, or relative to the working directory). Errors are
 * SeqpipeErrors located in the CSV (`file:line:col`), exit code 1.
 */
export async function readCsvSeries(file: string, given: CsvReadParams, options: CsvReadOptions = {}): Promise<Series> {
  // Callers outside a pipeline may pass params without the schema's defaults.
  const params: CsvParams = { ...given, missing: given.missing ?? 'error', header: given.header ?? 'auto' };
  try {
    await checkFile(file);
  } catch (e) {
    throw csvError((e as { code: 'E_CSV_NOT_FOUND' }).code, (e as Error).message, file);
  }
  const layout = await readLayout(file, params);
  const rows = await readRows(file, params, layout, options.signal);
  if (options.sha256 !== undefined && rows.sha256 !== options.sha256) {
    throw csvError('E_INPUT_CHANGED', messages.E_INPUT_CHANGED(displayPath(file)), file);
  }
  const width = rows.columns.length;
  let order = rows.lines.map((_, i) => i);
  if (rows.times) {
    const t = rows.times;
    const sorted = timeOrder(t);
    if (sorted.moved) options.log?.info(`rows were not in time order; sorted by "${params.time}"`);
    order = sorted.order ?? order;
    if (sorted.duplicate) {
      const { first, later } = sorted.duplicate;
      const line = rows.lines[later]!;
      const col = fieldColumn((await lineAt(file, line)) ?? '', rows.timeField!, layout.delimiter);
      throw csvError('E_CSV_DUPLICATE_TIME', messages.E_CSV_DUPLICATE_TIME(formatTime(t[later]!), rows.lines[first]!), file, line, col);
    }
  }
  const values = order.flatMap((r) => rows.values.slice(r * width, (r + 1) * width));
  const times = rows.times ? order.map((r) => rows.times![r]!) : undefined;
  const lines = order.map((r) => rows.lines[r]!);
  const filled = params.missing === 'error' ? { values: Float64Array.from(values), rows: lines.map((_, i) => i) } : fillMissing(values, width, params.missing, times);
  if ('why' in filled) {
    const line = lines[filled.row]!;
    const col = fieldColumn((await lineAt(file, line)) ?? '', rows.fields[filled.column]!, layout.delimiter);
    throw csvError('E_CSV_MISSING_VALUE', messages.E_CSV_MISSING_VALUE(rows.columns[filled.column]!, `: ${filled.why}`), file, line, col);
  }
  if (!filled.rows.length) throw csvError('E_CSV_EMPTY', messages.E_CSV_EMPTY(displayPath(file), ' left after dropping rows with missing values'), file);
  const keptTimes = times && Float64Array.from(filled.rows.map((r) => times[r]!));
  if (keptTimes) warnIrregular(keptTimes, filled.rows.map((r) => lines[r]!), options);
  return {
    kind: 'series', columns: rows.columns, length: filled.rows.length, values: filled.values,
    ...(keptTimes ? { time: keptTimes, timeUnit: 'ms-epoch' as const } : {}),
    transforms: [],
  };
}

function warnIrregular(times: Float64Array, lines: readonly number[], options: CsvReadOptions): void {
  const warning = irregularWarning('W_CSV_IRREGULAR', times, (i) => `line ${lines[i]}`);
  if (warning) options.log?.warn(warning);
}
