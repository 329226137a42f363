/**
 * The interval metrics of a forecaster with intervals (Forecaster.intervals): coverage per level
 * and ACD pooled over every point, MSIS per series (scaled like MASE) and its mean over series,
 * and the mean pinball loss of the bounds; plus the bounds for the run's tables and reports.
 */
import type { Forecaster, Intervals, JsonObject, MetricsTables, Windows } from '@seqpipe/core';
import { acd, coverage, meanPinball, msis } from '../metrics/interval-metrics.js';
import { overflow } from '../overflow.js';
import { points, type SeriesGroups } from './per-series.js';

/** The level MSIS and ACD are reported at, as in the M4. */
export const MSIS_LEVEL = 95;

export interface IntervalScores {
  readonly intervals: Intervals;
  readonly values: Record<string, number>;
  /** Per series scored (groups.series order); NaN where the series has no scale. Absent without a 95% interval. */
  readonly msis?: Float64Array;
  /** Series without an MSIS (no in-sample scale). */
  readonly withoutMsis: number;
}

/** Level 80 → "80", 97.5 → "97.5": the suffix of coverage_<level>, lower_<level>, upper_<level>. */
export const levelName = (level: number): string => String(level);

function checked(uses: string, model: Forecaster, iv: Intervals, n: number): Intervals {
  const bad = (detail: string): Error => new Error(`${uses}: the forecaster ("${model.impl}") gave malformed intervals: ${detail}`);
  if (iv.lower.length !== iv.levels.length || iv.upper.length !== iv.levels.length) throw bad('one lower and one upper array per level are needed');
  iv.levels.forEach((level, l) => {
    if (iv.lower[l]!.length !== n || iv.upper[l]!.length !== n) throw bad(`level ${level} has ${iv.lower[l]!.length} bounds, expected ${n}`);
    for (let i = 0; i < n; i++) {
      const [lo, up] = [iv.lower[l]![i]!, iv.upper[l]![i]!];
      if (!Number.isFinite(lo) || !Number.isFinite(up)) throw bad(`level ${level} has a bound ${Number.isFinite(lo) ? up : lo}`);
      if (lo > up) throw bad(`level ${level} has lower ${lo} above upper ${up}`);
    }
  });
  return iv;
}

export async function intervalScores(
  uses: string, model: Forecaster, w: Windows, actual: Float64Array, groups: SeriesGroups, scales: readonly (readonly (number | undefined)[])[],
): Promise<IntervalScores | undefined> {
  if (!model.intervals) return undefined;
  const iv = checked(uses, model, await model.intervals(w), actual.length);
  const values: Record<string, number> = {};
  iv.levels.forEach((level, l) => (values[`coverage_${levelName(level)}`] = coverage(iv.lower[l]!, iv.upper[l]!, actual)));
  const at = iv.levels.indexOf(MSIS_LEVEL);
  let perSeries: Float64Array | undefined;
  let without = 0;
  if (at >= 0) {
    values.acd = acd(values[`coverage_${MSIS_LEVEL}`]!, MSIS_LEVEL);
    perSeries = new Float64Array(groups.series.length);
    let sum = 0;
    groups.series.forEach((series, i) => {
      const ks = groups.windows[i]!;
      const v = msis(points(iv.lower[at]!, w, ks, undefined), points(iv.upper[at]!, w, ks, undefined), points(actual, w, ks, undefined), scales[series] ?? [undefined], 1 - MSIS_LEVEL / 100);
      if (v !== undefined && !Number.isFinite(v)) throw overflow(uses, `metric "msis" of series ${series} came out ${v}`);
      perSeries![i] = v ?? Number.NaN;
      if (v === undefined) without++;
      else sum += v;
    });
    if (without < groups.series.length) values.msis = sum / (groups.series.length - without);
  }
  values.pinball = meanPinball(iv.levels, iv.lower, iv.upper, actual);
  return { intervals: iv, values, ...(perSeries ? { msis: perSeries } : {}), withoutMsis: without };
}

/** The tables with the series' MSIS and each point's bounds (lower_<level>, upper_<level>) added. */
export function withIntervals(tables: MetricsTables, s: IntervalScores): MetricsTables {
  const bounds: Record<string, Float64Array> = {};
  s.intervals.levels.forEach((level, l) => {
    bounds[`lower_${levelName(level)}`] = Float64Array.from(s.intervals.lower[l]!);
    bounds[`upper_${levelName(level)}`] = Float64Array.from(s.intervals.upper[l]!);
  });
  return {
    ...tables,
    series: { ...tables.series, ...(s.msis ? { msis: s.msis } : {}) },
    forecasts: { ...tables.forecasts, ...bounds },
  };
}

/** For reports: per level, the bounds of the first target at the first step of every window (as `predicted`). */
export function firstIntervals(w: Windows, iv: Intervals): JsonObject {
  const stride = w.horizon * w.targetColumns.length;
  const pick = (values: Float64Array): number[] => Array.from({ length: w.count }, (_, i) => values[i * stride]!);
  return { levels: [...iv.levels], lower: iv.lower.map(pick), upper: iv.upper.map(pick) };
}
