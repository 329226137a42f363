import { defineStage, messages, SeqpipeError } from '@seqpipe/core';
import type { DiffTransform, Series, StageIssue } from '@seqpipe/core';
import { overflow } from '../overflow.js';

export interface DiffParams {
  readonly order: number;
  readonly lag: number;
}

/** One lagged difference: drops the first `lag` rows and records the input for inversion. */
export function difference(series: Series, lag: number): Series {
  const cols = series.columns.length;
  const length = series.length - lag;
  const values = new Float64Array(length * cols);
  for (let i = 0; i < values.length; i++) {
    values[i] = series.values[i + lag * cols]! - series.values[i]!;
    if (!Number.isFinite(values[i]!) && Number.isFinite(series.values[i + lag * cols]!) && Number.isFinite(series.values[i]!)) {
      throw overflow('transform/diff', `column "${series.columns[i % cols]}" at row ${Math.floor(i / cols) + lag}: ${series.values[i + lag * cols]} − ${series.values[i]} overflowed`);
    }
  }
  const history = series.columns.map((_, c) => Array.from({ length: series.length }, (_, r) => series.values[r * cols + c]!));
  const t: DiffTransform = { type: 'diff', by: 'transform/diff', lag, history };
  return {
    ...series, length, values,
    ...(series.time ? { time: series.time.slice(lag) } : {}),
    transforms: [...series.transforms, t],
  };
}

export const diffTransform = defineStage({
  uses: 'transform/diff',
  version: '1',
  description: "Differences each row with the row `lag` before it, `order` times; forecasts are integrated back to original units.",
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
    // A difference drops rows at the front of every series and its inversion indexes one history:
    // per-series bookkeeping that is not built yet.
    if ((series.ids?.length ?? 1) > 1) throw new SeqpipeError('E_PANEL_UNSUPPORTED', messages.E_PANEL_UNSUPPORTED('transform/diff', `the input holds ${series.ids!.length} series; difference each series before stacking them, or leave the transform out`), { exitCode: 1 });
    let out = series;
    for (let i = 0; i < params.order; i++) out = difference(out, params.lag);
    return out;
  },
});
