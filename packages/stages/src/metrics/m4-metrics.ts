/**
 * The M4 competition's accuracy measures, as its reference code ("Benchmarks and Evaluation.R")
 * computes them: per series, the mean over the horizon; per frequency, the mean over series; OWA
 * from those means relative to Naive2.
 */
import { checkPair, smape } from './regression-metrics.js';

/**
 * sMAPE in percent (0–200): the mean over the horizon of 200·|y − ŷ| / (|y| + |ŷ|), the evaluator's
 * own `smape`. A point where both are zero counts 0 (R gives NaN there; M4 actuals are all positive).
 */
export const m4Smape: (forecast: ArrayLike<number>, actual: ArrayLike<number>) => number = smape;

/**
 * The MASE scale: the mean absolute change between each training value and the one `period` steps
 * before it (the in-sample seasonal-naive MAE; period 1: the naive MAE). NaN with no such pair.
 */
export function m4MaseScale(insample: ArrayLike<number>, period: number): number {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`period must be a positive integer (got ${period})`);
  let sum = 0;
  let n = 0;
  for (let t = period; t < insample.length; t++) {
    sum += Math.abs(insample[t]! - insample[t - period]!);
    n++;
  }
  return n > 0 ? sum / n : Number.NaN;
}

/** MASE: the mean absolute forecast error over the horizon divided by m4MaseScale (∞ for a scale of 0). */
export function m4Mase(forecast: ArrayLike<number>, actual: ArrayLike<number>, insample: ArrayLike<number>, period: number): number {
  const n = checkPair(forecast, actual);
  const scale = m4MaseScale(insample, period);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(actual[i]! - forecast[i]!);
  return sum / n / scale;
}

export interface M4Scores {
  readonly smape: number;
  readonly mase: number;
}

/** Overall Weighted Average: (sMAPE / sMAPE of Naive2 + MASE / MASE of Naive2) / 2, over averaged scores. */
export function owa(scores: M4Scores, naive2: M4Scores): number {
  return (scores.smape / naive2.smape + scores.mase / naive2.mase) / 2;
}
