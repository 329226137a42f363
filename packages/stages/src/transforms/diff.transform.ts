import { defineStage, messages, offsetsFrom, seriesRanges, SeqpipeError } from '@seqpipe/core';
import type { DiffTransform, Series, StageIssue } from '@seqpipe/core';
import { overflow } from '../overflow.js';

export interface DiffParams {
  readonly order: number;
  readonly lag: number;
}

/**
 * One lagged difference within each series: drops the first `lag` rows of every series and
 * records the input (the whole panel, per column) for inversion. Every series loses exactly `lag`
 * rows, so output row r of series s is input row r + (s + 1)·lag (see invertBlock).
 */
export function difference(series: Series, lag: number): Series {
  const cols = series.columns.length;
  const { ids, offsets } = seriesRanges(series, series.length);
  const short = ids.findIndex((_, s) => offsets[s + 1]! - offsets[s]! <= lag);
  if (short >= 0) {
    const rows = offsets[short + 1]! - offsets[short]!;
    throw new SeqpipeError('E_SERIES_TOO_SHORT', `${ids.length > 1 ? `series "${ids[short]}" has` : 'the series has'} ${rows} rows; a difference at lag ${lag} needs at least ${lag + 1} (it drops the first ${lag} rows of every series)`, { path: ['lag'], exitCode: 1 });
  }
  const lengths = ids.map((_, s) => offsets[s + 1]! - offsets[s]! - lag);
  const length = series.length - ids.length * lag;
  const values = new Float64Array(length * cols);
  const time = series.time ? new Float64Array(length) : undefined;
  let o = 0;
  for (let s = 0; s < ids.length; s++) {
    for (let r = offsets[s]! + lag; r < offsets[s + 1]!; r++, o++) {
      for (let c = 0; c < cols; c++) {
        const a = series.values[r * cols + c]!;
        const b = series.values[(r - lag) * cols + c]!;
        const d = a - b;
        if (!Number.isFinite(d) && Number.isFinite(a) && Number.isFinite(b)) {
          throw overflow('transform/diff', `column "${series.columns[c]}" at row ${r}: ${a} − ${b} overflowed`);
        }
        values[o * cols + c] = d;
      }
      if (time) time[o] = series.time![r]!;
    }
  }
  const history = series.columns.map((_, c) => Array.from({ length: series.length }, (_, r) => series.values[r * cols + c]!));
  const t: DiffTransform = { type: 'diff', by: 'transform/diff', lag, history };
  return {
    ...series, length, values,
    ...(time ? { time } : {}),
    ...(series.ids ? { ids: series.ids, offsets: offsetsFrom(lengths) } : {}),
    transforms: [...series.transforms, t],
  };
}

export const diffTransform = defineStage({
  uses: 'transform/diff',
  version: '1',
  description: "Differences each row with the row `lag` before it in the same series, `order` times; forecasts are integrated back to original units.",
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      order: { type: 'integer', minimum: 1, maximum: 2, default: 1, description: 'How many times to difference (2: differences of differences).' },
      lag: { type: 'integer', minimum: 1, default: 1, description: 'Rows between the values differenced: 1 for the step change, the season length for seasonal differencing.' },
    },
  },
  inputs: { series: 'series' },
  output: 'series',
  check(params: DiffParams, { series }) {
    if (series?.length === undefined) return series ? { facts: series } : {};
    const length = series.length - params.order * params.lag;
    const issues: StageIssue[] = length < 2
      ? [{ code: 'E_WINDOW_TOO_LONG', path: ['lag'], message: messages.E_WINDOW_TOO_LONG(params.order * params.lag + 2, series.length) }]
      : [];
    return { facts: { ...series, length }, issues };
  },
  async run(_ctx, { series }, params: DiffParams): Promise<Series> {
    let out = series;
    for (let i = 0; i < params.order; i++) out = difference(out, params.lag);
    return out;
  },
});
