/**
 * Interval accuracy as the M4 scored it (Makridakis, Spiliotis & Assimakopoulos 2020, "The M4
 * Competition: 100,000 time series and 61 forecasting methods", section 3.2; the Competitor's
 * Guide): coverage, the interval score of Gneiting & Raftery (2007) scaled like MASE (MSIS), and
 * the absolute coverage difference (ACD); plus the pinball (quantile) loss of the bounds.
 */
import { checkPair } from './regression-metrics.js';

/** Fraction of actual values inside [lower, upper] (bounds included). */
export function coverage(lower: ArrayLike<number>, upper: ArrayLike<number>, actual: ArrayLike<number>): number {
  const n = checkPair(lower, actual);
  checkPair(upper, actual);
  let inside = 0;
  for (let i = 0; i < n; i++) if (actual[i]! >= lower[i]! && actual[i]! <= upper[i]!) inside++;
  return inside / n;
}

/** One point's interval score at 1 − alpha: (U − L) + (2/α)(L − Y)·1{Y < L} + (2/α)(Y − U)·1{Y > U}. */
export function intervalScore(lower: number, upper: number, actual: number, alpha: number): number {
  let s = upper - lower;
  if (actual < lower) s += (2 / alpha) * (lower - actual);
  if (actual > upper) s += (2 / alpha) * (actual - upper);
  return s;
}

/**
 * One series' MSIS: the mean interval score over its points divided by its in-sample scale (the
 * seasonal-naive MAE, MASE's denominator); `scales` per target, points interleaved by target as
 * in `mase`. Undefined when a scale is. The M4 averages this over series.
 */
export function msis(lower: ArrayLike<number>, upper: ArrayLike<number>, actual: ArrayLike<number>, scales: readonly (number | undefined)[], alpha = 0.05): number | undefined {
  const n = checkPair(lower, actual);
  checkPair(upper, actual);
  if (scales.some((s) => s === undefined)) return undefined;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += intervalScore(lower[i]!, upper[i]!, actual[i]!, alpha) / scales[i % scales.length]!;
  return sum / n;
}

/** ACD as the M4 computed it: |coverage over all points (all series and steps) − the nominal level|. */
export function acd(coverageValue: number, level: number): number {
  return Math.abs(coverageValue - level / 100);
}

/** Pinball loss of quantile q at probability tau for actual y: tau·(y − q) if y ≥ q, else (1 − tau)·(q − y). */
export function pinballLoss(q: number, y: number, tau: number): number {
  return y >= q ? tau * (y - q) : (1 - tau) * (q - y);
}

/**
 * Mean pinball loss of central intervals' bounds read as quantiles: at level l, lower is the
 * (1 − l/100)/2 quantile and upper the (1 + l/100)/2 quantile; the mean over levels, both bounds
 * and all points, in the values' units.
 */
export function meanPinball(levels: readonly number[], lower: readonly ArrayLike<number>[], upper: readonly ArrayLike<number>[], actual: ArrayLike<number>): number {
  const n = actual.length;
  let sum = 0;
  levels.forEach((level, l) => {
    const lo = (1 - level / 100) / 2;
    const hi = (1 + level / 100) / 2;
    checkPair(lower[l]!, actual);
    checkPair(upper[l]!, actual);
    for (let i = 0; i < n; i++) sum += pinballLoss(lower[l]![i]!, actual[i]!, lo) + pinballLoss(upper[l]![i]!, actual[i]!, hi);
  });
  return sum / (2 * levels.length * n);
}
