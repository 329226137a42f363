/**
 * What a run report shows of an evaluation on a panel (more than one series): the per-series
 * sMAPE and MASE, and the worst few series' test rows. Read from the metrics artifact's tables,
 * which the run also writes as series/<stage>.csv and forecasts/<stage>.csv.
 */
import type { MetricsTables } from '@seqpipe/core';

/** How many of the worst series a report plots. */
export const WORST_SHOWN = 3;

export interface WorstSeries {
  readonly id: string;
  /** Its per-series metrics (smape, mase), where present. */
  readonly values: Readonly<Record<string, number>>;
  /** Time (dated: epoch ms) or row within the series, per point drawn. */
  readonly x: readonly number[];
  readonly actual: readonly number[];
  readonly predicted: readonly number[];
  readonly baseline?: readonly number[];
  /** From a forecaster with intervals (the table's lower_L, upper_L columns): per level, ascending, aligned with `predicted`. */
  readonly intervals?: { readonly levels: readonly number[]; readonly lower: readonly (readonly number[])[]; readonly upper: readonly (readonly number[])[] };
}

export interface PanelEvaluation {
  readonly series: number;
  /** Metric → its finite per-series values (smape, mase). */
  readonly perSeries: Readonly<Record<string, readonly number[]>>;
  /** The metric the worst series are ranked by (highest first). */
  readonly rankedBy?: string;
  readonly worst: readonly WorstSeries[];
  readonly time: boolean;
  readonly dated: boolean;
}

const SHOWN_METRICS = ['smape', 'mase'] as const;

/** The panel part of an evaluation, or undefined for a single series (its report stays as it was). */
export function panelEvaluation(t: MetricsTables): PanelEvaluation | undefined {
  if (t.ids.length <= 1) return undefined;
  const seriesCol = t.series.series!;
  const perSeries: Record<string, number[]> = {};
  for (const m of SHOWN_METRICS) if (t.series[m]) perSeries[m] = Array.from(t.series[m]).filter(Number.isFinite);
  const rankedBy = SHOWN_METRICS.find((m) => perSeries[m]?.length);
  const worst: WorstSeries[] = [];
  if (rankedBy) {
    const col = t.series[rankedBy]!;
    const order = Array.from(col.keys()).filter((i) => Number.isFinite(col[i]!)).sort((a, b) => col[b]! - col[a]! || a - b).slice(0, WORST_SHOWN);
    for (const i of order) worst.push(points(t, seriesCol[i]!, Object.fromEntries(SHOWN_METRICS.filter((m) => t.series[m] && Number.isFinite(t.series[m][i]!)).map((m) => [m, t.series[m]![i]!]))));
  }
  return { series: seriesCol.length, perSeries, ...(rankedBy ? { rankedBy } : {}), worst, time: !!t.forecasts.time, dated: !!t.forecasts.time && t.timeUnit === 'ms-epoch' };
}

/**
 * One series' test points of the first target: every step when each row is forecast once (a
 * holdout), else the first step of each window (rolling windows forecast a row several times).
 */
function points(t: MetricsTables, s: number, values: Record<string, number>): WorstSeries {
  const f = t.forecasts;
  const mine: number[] = [];
  for (let i = 0; i < f.series!.length; i++) if (f.series![i] === s && (!f.target || f.target[i] === 0)) mine.push(i);
  const rows = new Set(mine.map((i) => f.row![i]!));
  const drawn = rows.size === mine.length ? mine : mine.filter((i) => f.step![i] === 1);
  const pick = (col: Float64Array): number[] => drawn.map((i) => col[i]!);
  const levels = intervalLevels(f);
  return {
    id: t.ids[s]!, values, x: pick(f.time ?? f.row!), actual: pick(f.actual!), predicted: pick(f.predicted!),
    ...(f.baseline ? { baseline: pick(f.baseline) } : {}),
    ...(levels.length ? { intervals: { levels, lower: levels.map((l) => pick(f[`lower_${l}`]!)), upper: levels.map((l) => pick(f[`upper_${l}`]!)) } } : {}),
  };
}

/** The levels whose lower_L and upper_L columns the forecasts table holds, ascending. */
export function intervalLevels(f: MetricsTables['forecasts']): number[] {
  const levels = Object.keys(f).flatMap((name) => {
    const m = /^lower_(\d+(?:\.\d+)?)$/.exec(name);
    return m && f[`upper_${m[1]}`] ? [Number(m[1])] : [];
  });
  return levels.sort((a, b) => a - b);
}

/** Equal-width bins from 0 (or the minimum, when negative) to the 99th percentile; larger values fall in the last bin. */
export function histogram(values: readonly number[], bins = 30): { from: number; to: number; count: number }[] {
  if (!values.length) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const lo = Math.min(0, sorted[0]!);
  const hi = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]!;
  const width = hi > lo ? (hi - lo) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))]!++;
  return counts.map((count, b) => ({ from: lo + b * width, to: lo + (b + 1) * width, count }));
}
