import { defineStage, messages, selectTransformColumns, seriesRanges, SeqpipeError, panelFields } from '@seqpipe/core';
import type { Series, StageIssue, Windows } from '@seqpipe/core';
import { FLOAT32_MAX, overflow } from '../overflow.js';

export interface SlidingParams {
  readonly lookback: number;
  readonly horizon: number;
  readonly stride: number;
  /** Absent: the series' first column. */
  readonly target?: string;
  readonly features: 'target' | 'all';
  readonly dropLast: boolean;
}

/**
 * Window starts are range(0, bound, stride) with bound = length − lookback − horizon, plus one
 * when dropLast is off. dropLast reproduces the tutorial's `range(len(data) - time_step - 1)`,
 * which never uses the last possible window.
 */
export function windowCount(length: number, p: Pick<SlidingParams, 'lookback' | 'horizon' | 'stride' | 'dropLast'>): number {
  const bound = length - p.lookback - p.horizon + (p.dropLast ? 0 : 1);
  return bound > 0 ? Math.ceil(bound / p.stride) : 0;
}

/** Rows a series needs for one window. */
const rowsNeeded = (p: SlidingParams): number => p.lookback + p.horizon + (p.dropLast ? 1 : 0);
/** What those rows are made of, for messages. */
const rowsParts = (p: SlidingParams): string => `lookback ${p.lookback} + horizon ${p.horizon}${p.dropLast ? ' + 1 for dropLast' : ''}`;


function targetIndex(series: Series, target: string | undefined): number {
  if (target === undefined) return 0;
  const i = series.columns.indexOf(target);
  if (i < 0) throw new Error(`windower/sliding: no column "${target}" in the series; its columns: ${series.columns.map((c) => `"${c}"`).join(', ')}`);
  return i;
}

/** The chosen columns of the series, row-major: the rows every window reads. */
function selectColumns(series: Series, cols: readonly number[]): Float64Array {
  const width = series.columns.length;
  if (cols.length === width) return series.values;
  const out = new Float64Array(series.length * cols.length);
  for (let r = 0; r < series.length; r++) for (let j = 0; j < cols.length; j++) out[r * cols.length + j] = series.values[r * width + cols[j]!]!;
  return out;
}

export const slidingWindower = defineStage({
  uses: 'windower/sliding',
  version: '2',
  description: 'Cuts a series (each series of a panel) into supervised windows: lookback rows in, the next horizon target rows out.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      lookback: { type: 'integer', minimum: 1, default: 10, description: 'Rows each window sees.' },
      horizon: { type: 'integer', minimum: 1, default: 1, description: 'Target rows each window predicts.' },
      stride: { type: 'integer', minimum: 1, default: 1, description: 'Rows between consecutive window starts.' },
      target: { type: 'string', minLength: 1, description: 'Column to predict; the first column when absent.' },
      features: {
        type: 'string', enum: ['target', 'all'], default: 'all',
        description: 'Input columns: every column, or the target alone. The same for a one-column series.',
      },
      dropLast: {
        type: 'boolean', default: true,
        description: "Skip the last possible window, as the tutorial's range(len(data) - time_step - 1) does.",
      },
    },
  },
  inputs: { series: 'series' },
  output: 'windows',
  check(params: SlidingParams, { series }) {
    const columns = params.features === 'target' ? 1 : series?.columns;
    const lookback = { lookback: params.lookback };
    if (series?.length === undefined) return { facts: columns === undefined ? lookback : { ...lookback, columns } };
    const windows = windowCount(series.length, params);
    const issues: StageIssue[] = windows < 1
      ? [{ code: 'E_WINDOW_TOO_LONG', severity: 'error', path: ['lookback'], message: messages.E_WINDOW_TOO_LONG(rowsNeeded(params), series.length) }]
      : [];
    return { facts: columns === undefined ? { windows, ...lookback } : { windows, columns, ...lookback }, issues };
  },
  async run(ctx, { series }, params: SlidingParams): Promise<Windows> {
    const { lookback, horizon, stride } = params;
    const { ids, offsets } = seriesRanges(series, series.length);
    const counts = ids.map((_, s) => windowCount(offsets[s + 1]! - offsets[s]!, params));
    const count = counts.reduce((a, b) => a + b, 0);
    // Reached when the length was unknown to validate (a CSV is only counted when read).
    if (count < 1) {
      const longest = ids.reduce((m, _, s) => Math.max(m, offsets[s + 1]! - offsets[s]!), 0);
      throw new SeqpipeError('E_SERIES_TOO_SHORT', messages.E_SERIES_TOO_SHORT(rowsNeeded(params), longest, rowsParts(params)), { path: ['lookback'] });
    }
    const short = counts.filter((c) => c === 0).length;
    if (short > 0) {
      ctx.log.warn(`${short} of ${ids.length} series are shorter than ${rowsNeeded(params)} rows (${rowsParts(params)}): no training windows from them; a holdout still forecasts them (inputs before a series' first row repeat it)`);
    }
    const target = targetIndex(series, params.target);
    // Batches are float32: a value beyond ±3.4e38 would become Infinity in them.
    for (let i = 0; i < series.values.length; i++) {
      const v = series.values[i]!;
      if (Math.abs(v) > FLOAT32_MAX) {
        throw overflow('windower/sliding', `column "${series.columns[i % series.columns.length]}" has ${v} at row ${Math.floor(i / series.columns.length)}, beyond the ±3.4e38 of the float32 windows a model reads (scale it first, e.g. scaler/minmax)`);
      }
    }
    const cols = params.features === 'target' ? [target] : series.columns.map((_, i) => i);
    const index = new Int32Array(count);
    let k = 0;
    for (let s = 0; s < ids.length; s++) {
      for (let j = 0; j < counts[s]!; j++) index[k++] = offsets[s]! + j * stride + lookback;
    }
    return {
      kind: 'windows',
      columns: cols.map((c) => series.columns[c]!),
      targetColumns: [cols.indexOf(target)],
      lookback, horizon, count, index,
      data: selectColumns(series, cols),
      rows: series.length,
      ...(series.time ? { time: series.time } : {}),
      transforms: selectTransformColumns(series.transforms, cols),
      ...(series.timeUnit ? { timeUnit: series.timeUnit } : {}),
      ...panelFields(series),
    };
  },
});
