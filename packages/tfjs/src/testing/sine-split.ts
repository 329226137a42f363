/** A tiny fixture for this package's tests: a sine-wave split. */
import type { Split, Windows } from '@seqpipe/core';

/** Min-max-scaled sin over [0, span], cut into windows predicting the next value(s). */
export function sineSplit(options: { points?: number; lookback?: number; horizon?: number; train?: number; validation?: number; span?: number } = {}): Split {
  const { points = 120, lookback = 5, horizon = 1, train = 0.7, validation = 0, span = 12 } = options;
  const series = Float32Array.from({ length: points }, (_, i) => (Math.sin((span * i) / (points - 1)) + 1) / 2);
  const count = points - lookback - horizon + 1;
  const data = Float64Array.from(series);
  const cut = (from: number, to: number): Windows => ({
    kind: 'windows', columns: ['y'], targetColumns: [0], lookback, horizon, count: to - from,
    data, rows: points, index: Int32Array.from({ length: to - from }, (_, k) => from + k + lookback), transforms: [],
  });
  const nTrain = Math.floor(count * train);
  const nVal = Math.floor(count * validation);
  return {
    kind: 'split',
    train: cut(0, nTrain),
    ...(nVal > 0 ? { validation: cut(nTrain, nTrain + nVal) } : {}),
    test: cut(nTrain + nVal, count),
  };
}
