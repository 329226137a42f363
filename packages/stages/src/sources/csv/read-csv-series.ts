/**
 * readCsvSeries: a CSV file → a Series, with the same params as `source/csv`. Used by the stage
 * and by anything that must read new data exactly as training did (forecasting a saved run).
 */
import { describeStep, formatTime, messages, spacing, type Series } from '@seqpipe/core';
import { checkFile, csvError, displayPath, readLayout } from './csv-file.js';
import type { CsvParams } from './csv-params.js';
import { readRows, type CsvReader, type CsvRows } from './csv-rows.js';
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
  const rows = await readRows(file, params, layout, options.signal, options.reader);
  if (options.sha256 !== undefined && rows.sha256 !== options.sha256) {
    throw csvError('E_INPUT_CHANGED', messages.E_INPUT_CHANGED(displayPath(file)), file);
  }
  const width = rows.columns.length;
  const order = rows.times ? timeOrder(rows, params, options) : undefined;
  const fileRow = (i: number): number => (order ? order[i]! : i);
  if (rows.times) await checkDuplicateTimes(rows, order, file);
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

/** The rows in time order (stable: equal times keep file order), or undefined when they already are. */
function timeOrder(rows: CsvRows, params: CsvParams, options: CsvReadOptions): Uint32Array | undefined {
  const t = rows.times!;
  let sorted = true;
  for (let i = 1; i < t.length && sorted; i++) sorted = t[i - 1]! <= t[i]!;
  if (sorted) return undefined;
  options.log?.info(`rows were not in time order; sorted by "${params.time}"`);
  const order = new Uint32Array(t.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => t[a]! - t[b]! || a - b);
}

/** E_CSV_DUPLICATE_TIME at the later of two rows with one time (in time order, or file order when undefined). */
async function checkDuplicateTimes(rows: CsvRows, order: Uint32Array | undefined, file: string): Promise<void> {
  const t = rows.times!;
  const at = (i: number): number => (order ? order[i]! : i);
  for (let i = 1; i < t.length; i++) {
    const [prev, row] = [at(i - 1), at(i)];
    if (t[row] !== t[prev]) continue;
    const where = await rows.locate(row, rows.timeField!);
    throw csvError('E_CSV_DUPLICATE_TIME', messages.E_CSV_DUPLICATE_TIME(formatTime(t[row]!), rows.line(prev)), file, where.line, where.col);
  }
}

/** Row-major values with rows taken in `order`. */
function reorder(values: Float64Array, width: number, order: Uint32Array): Float64Array {
  const out = new Float64Array(order.length * width);
  for (let i = 0; i < order.length; i++) {
    const from = order[i]! * width;
    for (let c = 0; c < width; c++) out[i * width + c] = values[from + c]!;
  }
  return out;
}

function warnIrregular(times: Float64Array, line: (i: number) => number, options: CsvReadOptions): void {
  const s = spacing(times);
  if (!s || s.gaps === 0) return;
  const i = s.firstGap!;
  options.log?.warn(
    `W_CSV_IRREGULAR irregular spacing: ${s.gaps} of ${times.length - 1} intervals differ from the usual step of ${describeStep(s.step)}; `
    + `the first between ${formatTime(times[i]!)} (line ${line(i)}) and ${formatTime(times[i + 1]!)} (line ${line(i + 1)}). `
    + 'Windows treat rows as evenly spaced; forecasts past the end step by the usual step.',
  );
}
