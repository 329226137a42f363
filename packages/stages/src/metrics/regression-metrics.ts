/** Plain-TS regression metrics, accumulated in float64 whatever the input arrays hold. */

export type RegressionMetricName = 'mse' | 'rmse' | 'mae';
export const REGRESSION_METRICS: readonly RegressionMetricName[] = ['mse', 'rmse', 'mae'];

function checkPair(predicted: ArrayLike<number>, actual: ArrayLike<number>): number {
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
