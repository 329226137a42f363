import { defineStage, gatherY, seriesCount, windowSeries } from '@seqpipe/core';
import type { Forecaster, JsonObject, Windows } from '@seqpipe/core';
import type { NaiveShape } from './naive-forecaster.js';
import { createRuleForecaster } from './rule-forecasters.js';

const shapeOf = (w: Windows): NaiveShape => ({ lookback: w.lookback, features: w.columns.length, horizon: w.horizon, targetFeatures: w.targetColumns });

/**
 * Each series' training rows of each target (model units) in row order, [series][target]: the
 * training part's targets. A series with no training window has none.
 */
function trainingRows(w: Windows): number[][][] {
  const T = w.targetColumns.length;
  const y = gatherY(w);
  const series = windowSeries(w);
  const rows = Array.from({ length: seriesCount(w) }, () => w.targetColumns.map(() => new Map<number, number>()));
  for (let k = 0; k < w.count; k++) {
    for (let h = 0; h < w.horizon; h++) for (let t = 0; t < T; t++) rows[series[k]!]![t]!.set(w.index[k]! + h, y[(k * w.horizon + h) * T + t]!);
  }
  return rows.map((byTarget) => byTarget.map((m) => [...m].sort((p, q) => p[0] - q[0]).map(([, v]) => v)));
}

/**
 * Fits one number per series and target; a single series keeps its one-per-target record, a panel
 * stores them series by series (`series` = how many) for the forecaster's `forecast(w)`.
 */
function perSeries(w: Windows, fit: (rows: number[]) => number, key: 'slope' | 'mean'): JsonObject {
  const rows = trainingRows(w);
  const fitted = rows.map((byTarget) => byTarget.map(fit));
  if (fitted.length === 1) return { [key]: fitted[0]! };
  // A series without training rows gets the mean of the others' numbers.
  const has = rows.map((byTarget) => byTarget[0]!.length > 0);
  const known = fitted.filter((_, s) => has[s]);
  const fallback = w.targetColumns.map((_, t) => known.reduce((sum, v) => sum + v[t]!, 0) / known.length);
  return { [key]: fitted.flatMap((v, s) => (has[s] ? v : fallback)), series: fitted.length };
}

export const seasonalBaseline = defineStage({
  uses: 'baseline/seasonal',
  version: '1',
  description: 'Seasonal naive: each step repeats the value one season (period rows) earlier in the window.',
  params: {
    type: 'object', additionalProperties: false, required: ['period'], examples: [{ period: 7 }],
    properties: { period: { type: 'integer', minimum: 1, description: 'Season length in rows; at most the lookback.' } },
  },
  inputs: { data: 'split' },
  output: 'forecaster',
  async run(_ctx, { data }, params: { period: number }): Promise<Forecaster> {
    return createRuleForecaster('seasonal-naive', shapeOf(data.train), { period: params.period });
  },
});

export const driftBaseline = defineStage({
  uses: 'baseline/drift',
  version: '1',
  description: "Drift: the window's last value plus h times its series' average change per row over the training part.",
  params: { type: 'object', additionalProperties: false, properties: {} },
  inputs: { data: 'split' },
  output: 'forecaster',
  async run(_ctx, { data }): Promise<Forecaster> {
    // (last − first) / (rows − 1) over each series' training targets: the slope of the line joining them.
    const slope = (v: number[]): number => (v.length > 1 ? (v.at(-1)! - v[0]!) / (v.length - 1) : 0);
    return createRuleForecaster('drift', shapeOf(data.train), perSeries(data.train, slope, 'slope'));
  },
});

export const meanBaseline = defineStage({
  uses: 'baseline/mean',
  version: '1',
  description: "Mean: every step predicts the mean target value of the window's series over the training part.",
  params: { type: 'object', additionalProperties: false, properties: {} },
  inputs: { data: 'split' },
  output: 'forecaster',
  async run(_ctx, { data }): Promise<Forecaster> {
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    return createRuleForecaster('mean', shapeOf(data.train), perSeries(data.train, mean, 'mean'));
  },
});
