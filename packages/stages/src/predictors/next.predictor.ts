import { defineStage, gatherX, invertBlock, rowShift, windowsAt, windowsAtEnds, windowSeries } from '@seqpipe/core';
import type { Forecast, ForecastPoint } from '@seqpipe/core';
import { assertCompatible, forecastChecked, predictChecked } from '../forecasting/compatible.js';
import { overflow } from '../overflow.js';
import { knownRows } from './known-rows.js';

export interface NextParams {
  readonly from: 'lastTestWindow' | 'end';
  readonly steps: number;
}

const uses = 'predictor/next';

/**
 * Forecasts the first target column from one window. Each call to the model yields `horizon`
 * steps; past that the predictions are fed back (the window shifts by the rows predicted), which
 * needs the window to hold the target alone: other features' future values are unknown.
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
        description: "lastTestWindow: predict the last test window's target (its true value is known); end: predict past the series' end.",
      },
      steps: { type: 'integer', minimum: 1, default: 1, description: 'Steps to predict; past the horizon, predictions are fed back.' },
    },
  },
  inputs: { model: 'forecaster', data: 'split' },
  output: 'forecast',
  numeric: true,
  async run(_ctx, { model, data }, params: NextParams): Promise<Forecast> {
    const w = data.test;
    assertCompatible(uses, model, w);
    const { lookback, horizon } = w;
    const features = w.columns.length;
    const targets = w.targetColumns.length;
    const target = w.targetColumns[0]!;
    if (params.steps > horizon && (features !== 1 || model.forecast)) {
      const why = features !== 1 ? `the window holds the target alone (it has ${features} columns); set steps ≤ ${horizon} or window with features: target` : `the forecaster reads the series' history ("${model.impl}"); set steps ≤ ${horizon}`;
      throw new Error(`${uses}: ${params.steps} steps need feeding predictions back, which works only when ${why}`);
    }
    // The last test window's series, or (from: end) the last series; its first forecast row.
    const last = w.count - 1;
    const series = windowSeries(w)[last]!;
    const at = params.from === 'end' ? windowsAtEnds(w, [series]) : windowsAt(w, w.index.slice(last));
    const first = at.index[0]!;
    const known = knownRows(w, series);
    const scaled: number[] = [];
    if (model.forecast) {
      const out = await forecastChecked(uses, model, at);
      for (let h = 0; h < params.steps; h++) scaled.push(out[h * targets]!);
    }
    let window = gatherX(at);
    while (scaled.length < params.steps) {
      const out = await predictChecked(uses, model, window, 1);
      const predicted: number[] = [];
      for (let h = 0; h < horizon && scaled.length + predicted.length < params.steps; h++) predicted.push(out[h * targets]!);
      scaled.push(...predicted);
      // One column here (checked above): the next window is the latest `lookback` rows.
      if (scaled.length < params.steps) window = Float32Array.from([...window, ...predicted].slice(-lookback));
    }
    // Inverted as one block from the first row, so differences integrate across the steps; the
    // truth likewise, for the leading rows the series holds.
    const values = invertBlock(scaled, w.transforms, target, first, series);
    const knownScaled: number[] = [];
    for (let i = 0; i < scaled.length && known.target(first + i) !== undefined; i++) knownScaled.push(known.target(first + i)!);
    const actuals = invertBlock(knownScaled, w.transforms, target, first, series);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw overflow(uses, `the forecast's step ${bad + 1} (${scaled[bad]} scaled) is ${values[bad]} in original units`);
    const shift = rowShift(w.transforms);
    const points: ForecastPoint[] = scaled.map((v, i) => {
      const time = known.time(first + i);
      const date = known.date(first + i);
      const actual = actuals[i];
      return {
        step: i + 1, index: first - known.start + i + shift, ...(time === undefined ? {} : { time }), ...(date === undefined ? {} : { date }),
        value: values[i]!, scaled: v,
        ...(actual === undefined ? {} : { actual }),
      };
    });
    return { kind: 'forecast', column: w.columns[target]!, points };
  },
});
