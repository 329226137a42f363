/** Plain-TS regression metrics, accumulated in float64 whatever the input arrays hold. */

/** Metrics with units: reported in model units (mae) and in original units (mae_original). */
export type RegressionMetricName = 'mse' | 'rmse' | 'mae';
export const REGRESSION_METRICS: readonly RegressionMetricName[] = ['mse', 'rmse', 'mae'];
/** Unit-free metrics, computed in original units only. */
export type RelativeMetricName = 'mape' | 'smape' | 'mase' | 'r2';
export const RELATIVE_METRICS: readonly RelativeMetricName[] = ['mape', 'smape', 'mase', 'r2'];

/** The length both arrays share; throws when they differ or are empty. */
export function checkPair(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  if (predicted.length !== actual.length) {
    throw new Error(`metrics need as many predictions as targets (${predicted.length} vs ${actual.length})`);
  }
  if (predicted.length === 0) throw new Error('metrics need at least one prediction');
  return predicted.length;
}

export function mse(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  const n = checkPair(predicted, actual);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = predicted[i]! - actual[i]!;
    sum += d * d;
  }
  return sum / n;
}

export function rmse(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  return Math.sqrt(mse(predicted, actual));
}

export function mae(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  const n = checkPair(predicted, actual);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(predicted[i]! - actual[i]!);
  return sum / n;
}

export const regressionMetric: Readonly<Record<RegressionMetricName, (p: ArrayLike<number>, a: ArrayLike<number>) => number>> = {
  mse, rmse, mae,
};

/**
 * Mean absolute percentage error, in percent, over the points whose actual value is not zero
 * (a zero actual has no percentage error); undefined when every actual is zero.
 */
export function mape(predicted: ArrayLike<number>, actual: ArrayLike<number>): number | undefined {
  const n = checkPair(predicted, actual);
  let sum = 0;
  let used = 0;
  for (let i = 0; i < n; i++) {
    if (actual[i] === 0) continue;
    sum += Math.abs((actual[i]! - predicted[i]!) / actual[i]!);
    used++;
  }
  return used ? (100 * sum) / used : undefined;
}

/** Symmetric MAPE in percent (0–200): mean of 2|a − p| / (|a| + |p|); a point where both are zero counts 0. */
export function smape(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
  const n = checkPair(predicted, actual);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(actual[i]!) + Math.abs(predicted[i]!);
    if (d > 0) sum += (2 * Math.abs(actual[i]! - predicted[i]!)) / d;
  }
  return (100 * sum) / n;
}

/** Coefficient of determination, 1 − SS_res / SS_tot; undefined when the actuals are constant. */
export function r2(predicted: ArrayLike<number>, actual: ArrayLike<number>): number | undefined {
  const n = checkPair(predicted, actual);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]!;
  mean /= n;
  let res = 0;
  let tot = 0;
  for (let i = 0; i < n; i++) {
    res += (actual[i]! - predicted[i]!) ** 2;
    tot += (actual[i]! - mean) ** 2;
  }
  return tot > 0 ? 1 - res / tot : undefined;
}

/**
 * MASE's denominator (Hyndman & Koehler 2006): the in-sample MAE of the seasonal-naive forecast
 * y[t] ≈ y[t − period] over a training series (period 1: the naive forecast). Rows are given as a
 * map, or densely (NaN for a missing row), so gaps are skipped. Undefined when no pair exists or the
 * series is constant (MAE 0).
 */
export function naiveScale(rows: ReadonlyMap<number, number> | Float64Array, period: number): number | undefined {
  let sum = 0;
  let n = 0;
  if (rows instanceof Float64Array) {
    // Dense: row r's value at [r], NaN where the row is absent; ascending rows, as the map's order.
    for (let row = period; row < rows.length; row++) {
      const value = rows[row]!;
      const before = rows[row - period]!;
      if (Number.isNaN(value) || Number.isNaN(before)) continue;
      sum += Math.abs(value - before);
      n++;
    }
    return n > 0 && sum > 0 ? sum / n : undefined;
  }
  for (const [row, value] of rows) {
    const before = rows.get(row - period);
    if (before === undefined) continue;
    sum += Math.abs(value - before);
    n++;
  }
  return n > 0 && sum > 0 ? sum / n : undefined;
}
