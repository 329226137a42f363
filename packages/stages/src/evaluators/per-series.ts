/**
 * Unit-free metrics per series, aggregated as the M4 does: each series' sMAPE, MASE and MAPE over
 * its own points (all its windows' horizon steps and targets), then the mean over the series that
 * have the metric. A single series is a panel of one: its mean is its value, bit for bit.
 */
import { rowShift, seriesRanges, windowsBySeries, windowSeries } from '@seqpipe/core';
import type { MetricsTables, Windows } from '@seqpipe/core';
import { mape, smape } from '../metrics/regression-metrics.js';
import { overflow } from '../overflow.js';
import type { Scored } from './score.js';

export const PER_SERIES_METRICS = ['smape', 'mase', 'mape'] as const;
export type PerSeriesMetric = (typeof PER_SERIES_METRICS)[number];

/** Windows grouped by series: the series scored (ascending) and each one's windows (ascending). */
export interface SeriesGroups {
  readonly series: Int32Array;
  readonly windows: readonly Int32Array[];
}

export function groupBySeries(w: Windows): SeriesGroups {
  const { starts, order } = windowsBySeries(w);
  const series = Int32Array.from({ length: starts.length - 1 }, (_, s) => s).filter((s) => starts[s + 1]! > starts[s]!);
  return { series, windows: Array.from(series, (s) => order.slice(starts[s]!, starts[s + 1]!)) };
}

/** The points of some windows (all steps, or one), in the order the pooled metrics read them: window, step, target. */
export function points(values: Float64Array, w: Windows, ks: Int32Array, step: number | undefined): Float64Array {
  const T = w.targetColumns.length;
  const H = w.horizon;
  const [first, end] = step === undefined ? [0, H] : [step, step + 1];
  const out = new Float64Array(ks.length * (end - first) * T);
  let i = 0;
  for (const k of ks) {
    for (let h = first; h < end; h++) for (let t = 0; t < T; t++) out[i++] = values[(k * H + h) * T + t]!;
  }
  return out;
}

/** Mean of |error| / scale over points (targets interleaved); undefined when a scale is. */
export function mase(p: Float64Array, a: Float64Array, scales: readonly (number | undefined)[]): number | undefined {
  if (scales.some((s) => s === undefined)) return undefined;
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += Math.abs(p[i]! - a[i]!) / scales[i % scales.length]!;
  return sum / p.length;
}

export interface PerSeriesResult {
  /** Means over series: smape, mase, mape and (horizon > 1) their `_h<step>` values. */
  readonly values: Record<string, number>;
  /** Per series scored (in `groups.series` order), the overall metric; NaN where it is absent. */
  readonly perSeries: Record<string, Float64Array>;
  /** Metric → how many scored series lack it (a constant in-sample part has no MASE). */
  readonly without: Record<string, number>;
}

/** Per-series metrics of one forecaster's scored points; `scales` per series (of the panel) and target. */
export function perSeriesMetrics(uses: string, s: Scored, w: Windows, groups: SeriesGroups, names: readonly PerSeriesMetric[], scales: readonly (readonly (number | undefined)[])[]): PerSeriesResult {
  const values: Record<string, number> = {};
  const perSeries: Record<string, Float64Array> = {};
  const without: Record<string, number> = {};
  const steps: (number | undefined)[] = [undefined, ...(w.horizon > 1 ? Array.from({ length: w.horizon }, (_, h) => h) : [])];
  for (const step of steps) {
    const suffix = step === undefined ? '' : `_h${step + 1}`;
    const per: Record<string, Float64Array> = Object.fromEntries(names.map((n) => [n, new Float64Array(groups.series.length)]));
    groups.series.forEach((series, i) => {
      const p = points(s.predictedOriginal, w, groups.windows[i]!, step);
      const a = points(s.actualOriginal, w, groups.windows[i]!, step);
      for (const name of names) {
        const v = name === 'smape' ? smape(p, a) : name === 'mape' ? mape(p, a) : mase(p, a, scales[series]!);
        if (v !== undefined && !Number.isFinite(v)) throw overflow(uses, `metric "${name}${suffix}" of series ${series} came out ${v}: its sums overflowed float64`);
        per[name]![i] = v ?? Number.NaN;
      }
    });
    for (const name of names) {
      let sum = 0;
      let n = 0;
      for (const v of per[name]!) if (!Number.isNaN(v)) { sum += v; n++; }
      if (n > 0) values[`${name}${suffix}`] = sum / n;
      if (step === undefined) {
        perSeries[name] = per[name]!;
        if (n < groups.series.length) without[name] = groups.series.length - n;
      }
    }
  }
  return { values, perSeries, without };
}

/**
 * The tables a run writes as CSV: per series its metrics (and the baseline's), per forecast point
 * its series, row within the series (original rows), time, step, target, actual and predictions.
 */
export function evaluationTables(w: Windows, groups: SeriesGroups, model: Scored, modelSeries: PerSeriesResult, baseline?: { scored: Scored; series: PerSeriesResult }): MetricsTables {
  const { ids, offsets } = seriesRanges(w, w.rows);
  const series: Record<string, Float64Array> = { series: Float64Array.from(groups.series) };
  for (const [name, col] of Object.entries(modelSeries.perSeries)) series[name] = col;
  for (const [name, col] of Object.entries(baseline?.series.perSeries ?? {})) series[`baseline_${name}`] = col;
  const H = w.horizon;
  const T = w.targetColumns.length;
  const n = w.count * H * T;
  const of = windowSeries(w);
  const shift = rowShift(w.transforms);
  const col = (): Float64Array => new Float64Array(n);
  const f: Record<string, Float64Array> = { series: col(), row: col(), ...(w.time ? { time: col() } : {}), step: col(), ...(T > 1 ? { target: col() } : {}) };
  let i = 0;
  for (let k = 0; k < w.count; k++) {
    for (let h = 0; h < H; h++) {
      const row = w.index[k]! + h;
      for (let t = 0; t < T; t++, i++) {
        f.series![i] = of[k]!;
        f.row![i] = row + shift - offsets[of[k]!]!;
        if (f.time) f.time[i] = w.time![row]!;
        f.step![i] = h + 1;
        if (f.target) f.target[i] = t;
      }
    }
  }
  f.actual = model.actualOriginal;
  f.predicted = model.predictedOriginal;
  if (baseline) f.baseline = baseline.scored.predictedOriginal;
  return {
    ids, ...(T > 1 ? { targets: w.targetColumns.map((c) => w.columns[c]!) } : {}),
    ...(w.time && w.timeUnit ? { timeUnit: w.timeUnit } : {}),
    series, forecasts: f,
  };
}
