import { defineStage, messages } from '@seqpipe/core';
import type { JsonObject, Metrics, Split, Windows } from '@seqpipe/core';
import { assertCompatible } from '../forecasting/compatible.js';
import { REGRESSION_METRICS, RELATIVE_METRICS } from '../metrics/regression-metrics.js';
import { overflow } from '../overflow.js';
import { maseScales, metricValues, score, skillValues, type MetricName } from './score.js';

export type PartName = 'train' | 'validation' | 'test';

export interface RegressionParams {
  readonly part: PartName;
  readonly metrics: readonly MetricName[];
  readonly period: number;
}

export function partOf(uses: string, split: Split, part: PartName): Windows {
  const w = split[part];
  if (!w) {
    const parts = (['train', 'validation', 'test'] as const).filter((p) => split[p]);
    throw new Error(`${uses}: ${messages.E_MISSING_PART(part, parts)}`);
  }
  return w;
}

/**
 * Predicted against actual values over time, for reports: the first target at the first horizon
 * step of every window, in original units, with the row (and time) each value is for.
 */
function firstSeries(w: Windows, actual: Float64Array, predicted: Float64Array): JsonObject {
  const stride = w.horizon * w.targetColumns.length;
  const pick = (values: Float64Array): number[] => Array.from({ length: w.count }, (_, i) => values[i * stride]!);
  return {
    index: Array.from(w.index),
    ...(w.time ? { time: Array.from(w.time) } : {}),
    ...(w.time && w.timeUnit ? { timeUnit: w.timeUnit } : {}),
    actual: pick(actual),
    predicted: pick(predicted),
  };
}

export const regressionEvaluator = defineStage({
  uses: 'evaluator/regression',
  version: '2',
  description: 'Scores a forecaster on one part of a split, in model and original units, and its skill against an optional baseline.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      part: { type: 'string', enum: ['test', 'validation', 'train'], default: 'test', description: 'Which part of the split to score.' },
      metrics: {
        type: 'array', items: { type: 'string', enum: [...REGRESSION_METRICS, ...RELATIVE_METRICS] }, uniqueItems: true, minItems: 1,
        default: [...REGRESSION_METRICS, ...RELATIVE_METRICS],
        description: 'Metrics to report: mse, rmse, mae in model units and with _original; mape, smape (percent), mase, r2 in original units.',
      },
      period: {
        type: 'integer', minimum: 1, default: 1,
        description: "MASE's scale: the training part's in-sample MAE of the forecast y[t] = y[t − period] (1: naive; the season length: seasonal naive).",
      },
    },
  },
  inputs: { model: 'forecaster', data: 'split', baseline: { kind: 'forecaster', optional: true } },
  output: 'metrics',
  numeric: true,
  check(params: RegressionParams, { data }) {
    const parts = data?.parts;
    if (!parts || parts.includes(params.part)) return {};
    return { issues: [{ code: 'E_MISSING_PART', message: messages.E_MISSING_PART(params.part, parts), path: ['part'] }] };
  },
  async run(_ctx, { model, data, baseline }, params: RegressionParams): Promise<Metrics> {
    const uses = 'evaluator/regression';
    const w = partOf(uses, data, params.part);
    assertCompatible(uses, model, w);
    const scales = maseScales(data.train, params.period);
    const scored = await score(uses, model, w);
    const values = metricValues(uses, scored, w, params.metrics, scales);
    if (baseline) {
      assertCompatible(uses, baseline, w);
      const base = metricValues(uses, await score(uses, baseline, w), w, params.metrics, scales);
      Object.assign(values, skillValues(values, base));
    }
    // Metrics are finite numbers or absent, never a silent Infinity (a skill against a tiny baseline error).
    const bad = Object.entries(values).find(([, v]) => !Number.isFinite(v));
    if (bad) throw overflow(uses, `metric "${bad[0]}" came out ${bad[1]}`);
    return {
      kind: 'metrics', values,
      details: {
        part: params.part, windows: w.count, forecaster: model.impl, ...(baseline ? { baseline: baseline.impl } : {}),
        predictions: firstSeries(w, scored.actualOriginal, scored.predictedOriginal),
      },
    };
  },
});
