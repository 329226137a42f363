import { defineStage, gatherX, messages, rowShift, SeqpipeError, seriesRanges, suggest, windowsAt, windowsAtEnds, windowSeries } from '@seqpipe/core';
import type { Forecast, Forecaster, Windows } from '@seqpipe/core';
import { assertCompatible, forecastChecked, predictChecked } from '../forecasting/compatible.js';
import { forecastFrom } from './forecast-series.js';
import { intervalSteps } from './interval-steps.js';

export interface NextParams {
  readonly from: 'lastTestWindow' | 'end';
  readonly steps: number;
  /** One series of a panel to forecast; absent: every series (the only one of a single series). */
  readonly series?: string;
}

const uses = 'predictor/next';

/**
 * Forecasts the first target column from one window per series. Each call to the model yields
 * `horizon` steps; past that the predictions are fed back (the window shifts by the rows
 * predicted), which needs the window to hold the target alone: other features' future values are
 * unknown. A panel's series are forecast in one batch, each in its own units and on its own time axis.
 */
export const nextPredictor = defineStage({
  uses,
  version: '1',
  description: 'Predicts the values after a window, in original units, next to the known truth.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      from: {
        type: 'string', enum: ['lastTestWindow', 'end'], default: 'lastTestWindow',
        description: "lastTestWindow: predict each series' last test window's target (its true value is known); end: predict past each series' end.",
      },
      steps: { type: 'integer', minimum: 1, default: 1, description: 'Steps to predict; past the horizon, predictions are fed back.' },
      series: { type: 'string', minLength: 1, description: "One series of a panel to forecast (its id); absent: every series." },
    },
  },
  inputs: { model: 'forecaster', data: 'split' },
  output: 'forecast',
  numeric: true,
  async run(ctx, { model, data }, params: NextParams): Promise<Forecast> {
    const w = data.test;
    assertCompatible(uses, model, w);
    const { lookback, horizon } = w;
    const features = w.columns.length;
    if (params.steps > horizon && (features !== 1 || model.forecast)) {
      const why = features !== 1 ? `the window holds the target alone (it has ${features} columns); set steps ≤ ${horizon} or window with features: target` : `the forecaster takes windows by their position in the series ("${model.impl}"), so its predictions cannot be fed back as inputs; set steps ≤ ${horizon}`;
      throw new Error(`${uses}: ${params.steps} steps need feeding predictions back, which works only when ${why}`);
    }
    const { ids, offsets } = seriesRanges(w, w.rows);
    const { series, at } = origins(w, params);
    if (params.series === undefined && series.length < ids.length) {
      ctx.log.warn(`${ids.length - series.length} of ${ids.length} series have no test window: not forecast (from: end forecasts every series)`);
    }
    // The documented padding rule: inputs before a series' first row repeat that row.
    let padded = 0;
    for (let j = 0; j < series.length; j++) if (at.index[j]! - lookback < offsets[series[j]!]!) padded++;
    if (padded > 0) ctx.log.warn(`${padded} of ${series.length} series forecast have fewer than ${lookback} rows (the lookback) before their forecast: their inputs repeat their first row`);
    const scaled = await predictSteps(model, at, params.steps);
    const intervals = await intervalSteps(uses, model, at, params.steps);
    if (intervals && params.steps > horizon) ctx.log.warn(`intervals cover the first ${horizon} step${horizon === 1 ? '' : 's'} (the horizon); ${params.steps === horizon + 1 ? `step ${params.steps}` : `steps ${horizon + 1}–${params.steps}`}, fed back, ${params.steps === horizon + 1 ? 'has' : 'have'} none`);
    return forecastFrom(w, { series, first: at.index, scaled, steps: params.steps, shift: rowShift(w.transforms), padded, ...(intervals ? { intervals } : {}) }, {
      panel: w.ids !== undefined, one: params.series !== undefined, ids,
    });
  },
});

/** The series to forecast (panel order) and one window each, whose first target row is the forecast's first row. */
function origins(w: Windows, params: NextParams): { series: number[]; at: Windows } {
  const { ids } = seriesRanges(w, w.rows);
  let wanted: number | undefined;
  if (params.series !== undefined) {
    wanted = ids.indexOf(params.series);
    if (wanted < 0) {
      throw new SeqpipeError('E_UNKNOWN_SERIES', messages.E_UNKNOWN_SERIES(params.series, ids, suggest(params.series, ids)), { exitCode: 2 });
    }
  }
  if (params.from === 'end') {
    const series = wanted === undefined ? ids.map((_, s) => s) : [wanted];
    return { series, at: windowsAtEnds(w, series) };
  }
  // Each series' last test window (in window order); a series without one is not forecast.
  const last = new Int32Array(ids.length).fill(-1);
  const of = windowSeries(w);
  for (let k = 0; k < w.count; k++) last[of[k]!] = k;
  const series = (wanted === undefined ? ids.map((_, s) => s) : [wanted]).filter((s) => last[s]! >= 0);
  if (wanted !== undefined && series.length === 0) throw new Error(`${uses}: series "${params.series}" has no test window to forecast; set from: end to forecast past its end`);
  return { series, at: windowsAt(w, Int32Array.from(series, (s) => w.index[last[s]!]!)) };
}

/**
 * Scaled forecasts of the first target, [windows, steps]: `forecast` when the forecaster reads
 * history, else `predict` on the windows' inputs, fed back past the horizon.
 */
async function predictSteps(model: Forecaster, at: Windows, steps: number): Promise<Float64Array> {
  const { lookback: L, horizon: H, count: n } = at;
  const T = at.targetColumns.length;
  const scaled = new Float64Array(n * steps);
  let filled = 0;
  if (model.forecast) {
    const out = await forecastChecked(uses, model, at);
    for (let j = 0; j < n; j++) for (let h = 0; h < steps; h++) scaled[j * steps + h] = out[(j * H + h) * T]!;
    filled = steps;
  }
  let x = gatherX(at);
  while (filled < steps) {
    const out = await predictChecked(uses, model, x, n);
    const take = Math.min(H, steps - filled);
    for (let j = 0; j < n; j++) for (let h = 0; h < take; h++) scaled[j * steps + filled + h] = out[(j * H + h) * T]!;
    filled += take;
    if (filled >= steps) break;
    // One column here (checked by the caller): each next window is its latest `lookback` rows.
    const next = new Float32Array(n * L);
    for (let j = 0; j < n; j++) {
      const rows = [...x.subarray(j * L, j * L + L), ...scaled.subarray(j * steps + filled - take, j * steps + filled)];
      next.set(rows.slice(-L), j * L);
    }
    x = next;
  }
  return scaled;
}
