import { defineStage, invertTransforms, messages } from '@seqpipe/core';
import type { JsonObject, Metrics, Split, Windows } from '@seqpipe/core';
import { assertCompatible, predictChecked } from '../forecasting/compatible.js';
import { REGRESSION_METRICS, regressionMetric } from '../metrics/regression-metrics.js';
import type { RegressionMetricName } from '../metrics/regression-metrics.js';

export type PartName = 'train' | 'validation' | 'test';

export interface RegressionParams {
  readonly part: PartName;
  readonly metrics: readonly RegressionMetricName[];
}

export function partOf(uses: string, split: Split, part: PartName): Windows {
  const w = split[part];
  if (!w) {
    const parts = (['train', 'validation', 'test'] as const).filter((p) => split[p]);
    throw new Error(`${uses}: ${messages.E_MISSING_PART(part, parts)}`);
  }
  return w;
}

/** Maps predictions and targets ([count, horizon, targets], scaled) back to original units. */
function toOriginal(values: Float32Array, w: Windows): Float64Array {
  const targets = w.targetColumns.length;
  return Float64Array.from(values, (v, i) => invertTransforms(v, w.transforms, w.targetColumns[i % targets]!));
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
  description: 'Scores a forecaster on one part of a split: metrics in scaled and in original units.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      part: { type: 'string', enum: ['test', 'validation', 'train'], default: 'test', description: 'Which part of the split to score.' },
      metrics: {
        type: 'array', items: { type: 'string', enum: [...REGRESSION_METRICS] }, uniqueItems: true, minItems: 1, default: [...REGRESSION_METRICS],
        description: 'Metrics to report, each in scaled units (mse) and original units (mse_original).',
      },
    },
  },
  inputs: { model: 'forecaster', data: 'split' },
  output: 'metrics',
  numeric: true,
  check(params: RegressionParams, { data }) {
    const parts = data?.parts;
    if (!parts || parts.includes(params.part)) return {};
    return { issues: [{ code: 'E_MISSING_PART', message: messages.E_MISSING_PART(params.part, parts), path: ['part'] }] };
  },
  async run(_ctx, { model, data }, params: RegressionParams): Promise<Metrics> {
    const uses = 'evaluator/regression';
    const w = partOf(uses, data, params.part);
    assertCompatible(uses, model, w);
    const predicted = await predictChecked(uses, model, w.x, w.count);
    const predictedOriginal = toOriginal(predicted, w);
    const actualOriginal = toOriginal(w.y, w);
    const values: Record<string, number> = {};
    for (const name of params.metrics) {
      values[name] = regressionMetric[name](predicted, w.y);
      values[`${name}_original`] = regressionMetric[name](predictedOriginal, actualOriginal);
    }
    const predictions = firstSeries(w, actualOriginal, predictedOriginal);
    return { kind: 'metrics', values, details: { part: params.part, windows: w.count, forecaster: model.impl, predictions } };
  },
});
