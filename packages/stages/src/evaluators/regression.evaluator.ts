import { defineStage, messages } from '@seqpipe/core';
import { seriesCount } from '@seqpipe/core';
import type { Forecaster, JsonObject, Metrics, Split, Windows } from '@seqpipe/core';
import { assertCompatible } from '../forecasting/compatible.js';
import { REGRESSION_METRICS, RELATIVE_METRICS } from '../metrics/regression-metrics.js';
import { overflow } from '../overflow.js';
import { owa } from '../metrics/m4-metrics.js';
import { insampleScales } from './insample.js';
import { firstIntervals, intervalScores, withIntervals } from './interval-scores.js';
import { evaluationTables, groupBySeries, PER_SERIES_METRICS, perSeriesMetrics, type PerSeriesResult } from './per-series.js';
import { pooledValues, score, skillValues, type MetricName, type Scored } from './score.js';

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

/** M4's Overall Weighted Average against the baseline, from the means over series (when both sMAPE and MASE exist). */
function owaValue(model: Record<string, number>, baseline: Record<string, number>): Record<string, number> {
  const [s, m, bs, bm] = [model.smape, model.mase, baseline.smape, baseline.mase];
  if (s === undefined || m === undefined || bs === undefined || bm === undefined || !(bs > 0) || !(bm > 0)) return {};
  return { owa: owa({ smape: s, mase: m }, { smape: bs, mase: bm }) };
}

export const regressionEvaluator = defineStage({
  uses: 'evaluator/regression',
  version: '3',
  description: 'Scores a forecaster on one part of a split, in model and original units (sMAPE, MASE, MAPE: means over series), its skill and OWA against an optional baseline, and its intervals when it has them (coverage per level, MSIS, ACD, pinball).',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      part: { type: 'string', enum: ['test', 'validation', 'train'], default: 'test', description: 'Which part of the split to score.' },
      metrics: {
        type: 'array', items: { type: 'string', enum: [...REGRESSION_METRICS, ...RELATIVE_METRICS] }, uniqueItems: true, minItems: 1,
        default: [...REGRESSION_METRICS, ...RELATIVE_METRICS],
        description: 'Metrics to report: mse, rmse, mae in model units and with _original; mape, smape (percent), mase, r2 in original units. On a panel, mape, smape and mase are means over series of each series\' value; mse, rmse, mae and r2 are pooled over all points. A forecaster with intervals (interval/conformal) also gets coverage_<level> per level, acd and pinball (pooled over all points) and msis (95% level, per series scaled like MASE, mean over series), whatever this lists.',
      },
      period: {
        type: 'integer', minimum: 1, default: 1,
        description: "MASE's scale, per series: the in-sample MAE of the forecast y[t] = y[t − period] over the series' whole training part in original units (1: naive; the season length: seasonal naive).",
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
  async run(ctx, { model, data, baseline }, params: RegressionParams): Promise<Metrics> {
    const uses = 'evaluator/regression';
    // Between phases (each a synchronous stretch of up to a second on millions of points): let a
    // Ctrl-C or a time limit land, and stop here rather than after the whole evaluation.
    const pause = async (): Promise<void> => {
      await new Promise((resolve) => setImmediate(resolve));
      ctx.signal.throwIfAborted();
    };
    const w = partOf(uses, data, params.part);
    assertCompatible(uses, model, w);
    const groups = groupBySeries(w);
    const perNames = PER_SERIES_METRICS.filter((n) => params.metrics.includes(n));
    // MSIS (of a forecaster with intervals) scales like MASE.
    const scales = perNames.includes('mase') || model.intervals ? insampleScales(data.train, w, params.period) : [];
    const evaluate = async (f: Forecaster): Promise<{ scored: Scored; series: PerSeriesResult; values: Record<string, number> }> => {
      await pause();
      const scored = await score(uses, f, w);
      await pause();
      const series = perSeriesMetrics(uses, scored, w, groups, perNames, scales);
      await pause();
      return { scored, series, values: { ...pooledValues(uses, scored, w, params.metrics), ...series.values } };
    };
    const own = await evaluate(model);
    const values = own.values;
    await pause();
    const iv = await intervalScores(uses, model, w, own.scored.actualOriginal, groups, scales);
    if (iv) Object.assign(values, iv.values);
    let base: Awaited<ReturnType<typeof evaluate>> | undefined;
    if (baseline) {
      assertCompatible(uses, baseline, w);
      base = await evaluate(baseline);
      Object.assign(values, skillValues(values, base.values), owaValue(values, base.values));
    }
    // Metrics are finite numbers or absent, never a silent Infinity (a skill against a tiny baseline error).
    const bad = Object.entries(values).find(([, v]) => !Number.isFinite(v));
    if (bad) throw overflow(uses, `metric "${bad[0]}" came out ${bad[1]}`);
    const panel = seriesCount(w) > 1;
    const without: Record<string, number> = { ...own.series.without, ...(iv?.withoutMsis ? { msis: iv.withoutMsis } : {}) };
    const tables = evaluationTables(w, groups, own.scored, own.series, base);
    await pause();
    return {
      kind: 'metrics', values,
      details: {
        part: params.part, windows: w.count, series: groups.series.length, forecaster: model.impl, ...(baseline ? { baseline: baseline.impl } : {}),
        ...(Object.keys(without).length ? { seriesWithout: without } : {}),
        // A panel's per-window series would be as long as its windows: its report reads the tables.
        ...(panel ? {} : { predictions: { ...firstSeries(w, own.scored.actualOriginal, own.scored.predictedOriginal), ...(iv ? { intervals: firstIntervals(w, iv.intervals) } : {}) } }),
      },
      tables: iv ? withIntervals(tables, iv) : tables,
    };
  },
});
