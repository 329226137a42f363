/**
 * readCsvSeries: a CSV file → a Series, with the same params as `source/csv`. Used by the stage
 * and by anything that must read new data exactly as training did (forecasting a saved run).
 */
import { formatTime, messages, type Series } from '@seqpipe/core';
import { irregularWarning, timeOrder } from '../time-order.js';
import { checkFile, csvError, displayPath, readLayout } from './csv-file.js';
import type { CsvParams } from './csv-params.js';
import { readRows, type CsvReader } from './csv-rows.js';
import { fillMissing } from './fill-missing.js';
import { inputChanged } from '../input-changed.js';
import { longPanel, widePanel } from './read-csv-panel.js';
import { rowsPanel } from './read-csv-rows.js';

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
  /** Tests only: `csv-parse` reads with csv-parse alone, to compare with the fast reader. */
  readonly reader?: CsvReader;
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
  if (params.layout === 'rows') return rowsPanel(file, params, layout, options);
  const rows = await readRows(file, params, layout, options.signal, options.reader);
  if (options.sha256 !== undefined && rows.sha256 !== options.sha256) {
    throw inputChanged(displayPath(file), displayPath(file));
  }
  if (params.layout === 'wide') return widePanel(file, params, rows, options);
  if (rows.seriesOf) return longPanel(file, params, rows, options);
  const width = rows.columns.length;
  const sorted = rows.times ? timeOrder(rows.times) : undefined;
  if (sorted?.moved) options.log?.info(`rows were not in time order; sorted by "${params.time}"`);
  const order = sorted?.order;
  const fileRow = (i: number): number => (order ? order[i]! : i);
  if (sorted?.duplicate) {
    const { first, later } = sorted.duplicate;
    const at = await rows.locate(later, rows.timeField!);
    throw csvError('E_CSV_DUPLICATE_TIME', messages.E_CSV_DUPLICATE_TIME(formatTime(rows.times![later]!), rows.line(first)), file, at.line, at.col);
  }
  const values = order ? reorder(rows.values, width, order) : rows.values;
  const times = rows.times && (order ? reorder(rows.times, 1, order) : rows.times);
  const filled = params.missing === 'error' ? { values } : fillMissing(values, width, params.missing, times);
  if ('why' in filled) {
    const at = await rows.locate(fileRow(filled.row), rows.fields[filled.column]!);
    throw csvError('E_CSV_MISSING_VALUE', messages.E_CSV_MISSING_VALUE(rows.columns[filled.column]!, `: ${filled.why}`), file, at.line, at.col);
  }
  const { kept } = filled;
  const length = kept ? kept.length : rows.length;
  if (!length) throw csvError('E_CSV_EMPTY', messages.E_CSV_EMPTY(displayPath(file), ' left after dropping rows with missing values'), file);
  const keptTimes = times && (kept ? Float64Array.from(kept, (r) => times[r]!) : times);
  if (keptTimes) warnIrregular(keptTimes, (i) => rows.line(fileRow(kept ? kept[i]! : i)), options);
  return {
    kind: 'series', columns: rows.columns, length, values: filled.values,
    ...(keptTimes ? { time: keptTimes, timeUnit: 'ms-epoch' as const } : {}),
    transforms: [],
  };
}

/** Row-major values with rows taken in `order`. */
function reorder(values: Float64Array, width: number, order: readonly number[]): Float64Array {
  const out = new Float64Array(order.length * width);
  for (let i = 0; i < order.length; i++) {
    const from = order[i]! * width;
    for (let c = 0; c < width; c++) out[i * width + c] = values[from + c]!;
  }
  return out;
}

function warnIrregular(times: Float64Array, line: (i: number) => number, options: CsvReadOptions): void {
  const warning = irregularWarning('W_CSV_IRREGULAR', times, (i) => `line ${line(i)}`);
  if (warning) options.log?.warn(warning);
}
