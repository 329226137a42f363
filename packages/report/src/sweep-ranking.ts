/**
 * Which combinations a summarised sweep report shows: all of them ranked by one primary metric,
 * best first. The rule, stated in the report's captions: the first evaluator (record order) with
 * an error metric that differs between variants, and in it the first of ERROR_METRICS; the
 * combination's mean over its successful seeds; lower is better. Without one, the final training
 * loss; without that, grid order.
 */
import type { SummaryRow } from '@seqpipe/core';
import { comboLabel } from './sweep-labels.js';

/** Error metrics (lower is better), in the order one is preferred for ranking. */
export const ERROR_METRICS = ['mae', 'rmse', 'mse', 'mase', 'smape', 'mape'] as const;

export interface RankedCombo {
  readonly row: SummaryRow;
  readonly label: string;
  /** The ranking value; NaN (ranked last) when the combination has none. */
  readonly score: number;
}

export interface Ranking {
  /** What ranks them: `test.mae`, `final training loss`, or undefined for grid order. */
  readonly by?: string;
  /** The rule in a phrase: `ranked by test.mae (mean over seeds, lower is better)`. */
  readonly rule: string;
  /** Why that metric, in a sentence (empty for grid order). */
  readonly why: string;
  /** Every combination, best first. */
  readonly ranked: readonly RankedCombo[];
}

/** `evaluator.metric` that ranks, from the metrics that differ between variants (in record order). */
export function primaryMetric(differing: readonly string[]): string | undefined {
  const stages = [...new Set(differing.map((m) => m.slice(0, m.indexOf('.'))))];
  for (const stage of stages) {
    for (const name of ERROR_METRICS) if (differing.includes(`${stage}.${name}`)) return `${stage}.${name}`;
  }
  return undefined;
}

/** `finalLoss`: combination (JSON of its params) → mean last-epoch training loss of its curves. */
export function rankCombos(rows: readonly SummaryRow[], differing: readonly string[], finalLoss: ReadonlyMap<string, number>): Ranking {
  const metric = primaryMetric(differing);
  const lossScores = rows.map((r) => finalLoss.get(JSON.stringify(r.params)) ?? Number.NaN);
  let by: string | undefined;
  let rule: string;
  let why = '';
  let score: (r: SummaryRow, i: number) => number;
  if (metric) {
    by = metric;
    rule = `ranked by ${metric} (mean over seeds, lower is better)`;
    why = `${metric} is the first evaluator’s error metric (of ${ERROR_METRICS.join(', ')}) that differs between variants.`;
    score = (r) => (r.metrics[metric]?.n ? r.metrics[metric]!.mean : Number.NaN);
  } else if (lossScores.some(Number.isFinite)) {
    by = 'final training loss';
    rule = 'ranked by final training loss (mean over seeds, lower is better)';
    why = `No error metric (${ERROR_METRICS.join(', ')}) differs between variants.`;
    score = (_, i) => lossScores[i]!;
  } else {
    rule = 'in grid order (no error metric or training loss to rank by)';
    score = () => Number.NaN;
  }
  const ranked = rows.map((row, i) => ({ row, label: comboLabel(row.params), score: score(row, i) }));
  // Stable: ties and unscored combinations keep grid order, unscored ones last.
  ranked.sort((a, b) => (Number.isNaN(a.score) ? 1 : 0) - (Number.isNaN(b.score) ? 1 : 0) || (Number.isNaN(a.score) || Number.isNaN(b.score) ? 0 : a.score - b.score));
  return { ...(by ? { by } : {}), rule, why, ranked };
}

/** Linearly interpolated quantile (p in [0, 1]) of ascending numbers. */
export function quantile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}
