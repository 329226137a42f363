import { defineStage, gatherY } from '@seqpipe/core';
import type { Forecaster, Windows } from '@seqpipe/core';
import type { NaiveShape } from './naive-forecaster.js';
import { createRuleForecaster } from './rule-forecasters.js';

const shapeOf = (w: Windows): NaiveShape => ({ lookback: w.lookback, features: w.columns.length, horizon: w.horizon, targetFeatures: w.targetColumns });

/** Each target's training rows (model units) in row order: the training part's targets. */
function trainingRows(w: Windows): number[][] {
  const T = w.targetColumns.length;
  const y = gatherY(w);
  return w.targetColumns.map((_, t) => {
    const rows = new Map<number, number>();
    for (let k = 0; k < w.count; k++) for (let h = 0; h < w.horizon; h++) rows.set(w.index[k]! + h, y[(k * w.horizon + h) * T + t]!);
    return [...rows].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  });
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
  description: "Drift: the window's last value plus h times the training part's average change per row.",
  params: { type: 'object', additionalProperties: false, properties: {} },
  inputs: { data: 'split' },
  output: 'forecaster',
  async run(_ctx, { data }): Promise<Forecaster> {
    // (last − first) / (rows − 1) over the training targets: the slope of the line joining them.
    const slope = trainingRows(data.train).map((v) => (v.length > 1 ? (v.at(-1)! - v[0]!) / (v.length - 1) : 0));
    return createRuleForecaster('drift', shapeOf(data.train), { slope });
  },
});

export const meanBaseline = defineStage({
  uses: 'baseline/mean',
  version: '1',
  description: "Mean: every step predicts the training part's mean target value.",
  params: { type: 'object', additionalProperties: false, properties: {} },
  inputs: { data: 'split' },
  output: 'forecaster',
  async run(_ctx, { data }): Promise<Forecaster> {
    const mean = trainingRows(data.train).map((v) => v.reduce((a, b) => a + b, 0) / v.length);
    return createRuleForecaster('mean', shapeOf(data.train), { mean });
  },
});
