/** Predictions and targets of one part, in model and original units, and the metrics over them. */
import { gatherY, invertBlock, rowShift, windowSeries } from '@seqpipe/core';
import type { Forecaster, Windows } from '@seqpipe/core';
import { forecastChecked } from '../forecasting/compatible.js';
import { overflow } from '../overflow.js';
import { mape, naiveScale, r2, regressionMetric, smape } from '../metrics/regression-metrics.js';
import type { RegressionMetricName, RelativeMetricName } from '../metrics/regression-metrics.js';

export type MetricName = RegressionMetricName | RelativeMetricName;

/** Model-unit values [count, horizon, targets] → original units, one horizon block at a time. */
export function toOriginal(values: ArrayLike<number>, w: Windows): Float64Array {
  const { horizon: H } = w;
  const T = w.targetColumns.length;
  const out = new Float64Array(values.length);
  const block = new Array<number>(H);
  const series = windowSeries(w);
  for (let k = 0; k < w.count; k++) {
    for (let t = 0; t < T; t++) {
      for (let h = 0; h < H; h++) block[h] = values[(k * H + h) * T + t]!;
      const original = invertBlock(block, w.transforms, w.targetColumns[t]!, w.index[k]!, series[k]);
      for (let h = 0; h < H; h++) out[(k * H + h) * T + t] = original[h]!;
    }
  }
  return out;
}

/** Per target: the MASE scale from the training part's target rows in original units. */
export function maseScales(train: Windows, period: number): (number | undefined)[] {
  const T = train.targetColumns.length;
  const original = toOriginal(gatherY(train), train);
  const shift = rowShift(train.transforms);
  let last = -1;
  for (let k = 0; k < train.count; k++) last = Math.max(last, train.index[k]! + shift + train.horizon - 1);
  return train.targetColumns.map((_, t) => {
    // Row → value, dense (NaN: no window covers the row); later windows overwrite earlier ones.
    const rows = new Float64Array(last + 1).fill(Number.NaN);
    for (let k = 0; k < train.count; k++) {
      for (let h = 0; h < train.horizon; h++) rows[train.index[k]! + shift + h] = original[(k * train.horizon + h) * T + t]!;
    }
    return naiveScale(rows, period);
  });
}

export interface Scored {
  readonly predicted: Float32Array;
  readonly predictedOriginal: Float64Array;
  readonly actualOriginal: Float64Array;
}

export async function score(uses: string, model: Forecaster, w: Windows): Promise<Scored> {
  const predicted = await forecastChecked(uses, model, w);
  return { predicted, predictedOriginal: original(uses, 'prediction', predicted, w), actualOriginal: original(uses, 'actual value', gatherY(w), w) };
}

/** toOriginal, refusing a finite value that inverted past float64 (a tiny fitted scale). */
function original(uses: string, what: string, values: ArrayLike<number>, w: Windows): Float64Array {
  const out = toOriginal(values, w);
  const i = out.findIndex((v, k) => !Number.isFinite(v) && Number.isFinite(values[k]!));
  if (i >= 0) throw overflow(uses, `the ${what} ${values[i]} for row ${w.index[Math.floor(i / (w.horizon * w.targetColumns.length))]} is ${out[i]} in original units`);
  return out;
}

/** Only the points of one horizon step (all of them when step is undefined). */
function pick(values: ArrayLike<number>, w: Windows, step: number | undefined): Float64Array {
  if (step === undefined) return Float64Array.from(values as ArrayLike<number>);
  const T = w.targetColumns.length;
  const out = new Float64Array(w.count * T);
  for (let k = 0; k < w.count; k++) for (let t = 0; t < T; t++) out[k * T + t] = values[(k * w.horizon + step) * T + t]!;
  return out;
}

/** Mean of |error| / scale over points (targets interleaved); undefined when a scale is. */
function mase(p: Float64Array, a: Float64Array, scales: readonly (number | undefined)[]): number | undefined {
  if (scales.some((s) => s === undefined)) return undefined;
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += Math.abs(p[i]! - a[i]!) / scales[i % scales.length]!;
  return sum / p.length;
}

/**
 * The metric values, overall and (horizon > 1) per step with suffix `_h1`, `_h2`…: mse/rmse/mae in
 * model units and with `_original`; mape, smape, mase, r2 in original units. A metric whose
 * denominator is zero (see regression-metrics.ts) is left out (undefined); one that overflowed is
 * E_VALUE_OVERFLOW, never a silent Infinity or a dropped metric.
 */
export function metricValues(uses: string, s: Scored, w: Windows, names: readonly MetricName[], scales: readonly (number | undefined)[]): Record<string, number> {
  const values: Record<string, number> = {};
  const set = (name: string, v: number | undefined): void => {
    if (v === undefined) return;
    if (!Number.isFinite(v)) throw overflow(uses, `metric "${name}" came out ${v}: its sums overflowed float64`);
    values[name] = v;
  };
  const steps: (number | undefined)[] = [undefined, ...(w.horizon > 1 ? Array.from({ length: w.horizon }, (_, h) => h) : [])];
  for (const step of steps) {
    const suffix = step === undefined ? '' : `_h${step + 1}`;
    const p = pick(s.predictedOriginal, w, step);
    const a = pick(s.actualOriginal, w, step);
    for (const name of names) {
      if (name === 'mse' || name === 'rmse' || name === 'mae') {
        if (step === undefined) set(name, regressionMetric[name](s.predicted, gatherY(w)));
        set(`${name}_original${suffix}`, regressionMetric[name](p, a));
      } else if (name === 'mape') set(`mape${suffix}`, mape(p, a));
      else if (name === 'smape') set(`smape${suffix}`, smape(p, a));
      else if (name === 'r2') set(`r2${suffix}`, r2(p, a));
      else set(`mase${suffix}`, mase(p, a, scales));
    }
  }
  return values;
}

/** Skill against a baseline, 1 − model / baseline, for each error metric both report (overall). */
export function skillValues(model: Record<string, number>, baseline: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, key] of [['mae', 'mae_original'], ['rmse', 'rmse_original'], ['mse', 'mse_original'], ['mape', 'mape'], ['smape', 'smape'], ['mase', 'mase']] as const) {
    const m = model[key];
    const b = baseline[key];
    if (m !== undefined && b !== undefined && b > 0) out[`skill_${name}`] = 1 - m / b;
  }
  return out;
}

