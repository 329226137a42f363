/** Predictions and targets of one part, in model and original units, and the metrics over them. */
import { gatherY, toOriginal } from '@seqpipe/core';
import type { Forecaster, Windows } from '@seqpipe/core';
import { forecastChecked } from '../forecasting/compatible.js';
import { overflow } from '../overflow.js';
import { r2, regressionMetric } from '../metrics/regression-metrics.js';
import type { RegressionMetricName, RelativeMetricName } from '../metrics/regression-metrics.js';

export type MetricName = RegressionMetricName | RelativeMetricName;

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

/**
 * The metrics pooled over every point of the part (all series), overall and (horizon > 1) per step
 * with suffix `_h1`, `_h2`…: mse/rmse/mae in model units and with `_original`, and r2 in original
 * units. A metric whose denominator is zero (see regression-metrics.ts) is left out (undefined);
 * one that overflowed is E_VALUE_OVERFLOW, never a silent Infinity or a dropped metric. The
 * per-series metrics (smape, mase, mape) are per-series.ts's.
 */
export function pooledValues(uses: string, s: Scored, w: Windows, names: readonly MetricName[]): Record<string, number> {
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
      } else if (name === 'r2') set(`r2${suffix}`, r2(p, a));
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

