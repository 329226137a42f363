/**
 * The tutorial's data as seqpipe Windows, cut exactly as bench/keras/tutorial.py and
 * bench/torch/common.py cut it: sin(linspace(0, 100, points)) min-max scaled, windows of `lookback`
 * → the next value over range(points − lookback − 1), the first 80% train.
 */
export function sineSplit(points = 1000, lookback = 10) {
  const v = Array.from({ length: points }, (_, i) => Math.sin((100 * i) / (points - 1)));
  const lo = Math.min(...v);
  const hi = Math.max(...v);
  const data = Float64Array.from(v, (x) => (x - lo) / (hi - lo));
  const n = points - lookback - 1;
  const train = Math.floor(n * 0.8);
  const cut = (from, to) => ({
    kind: 'windows', columns: ['y'], targetColumns: [0], lookback, horizon: 1, count: to - from,
    data, rows: points, index: Int32Array.from({ length: to - from }, (_, k) => from + k + lookback), transforms: [],
  });
  return { kind: 'split', train: cut(0, train), test: cut(train, n) };
}

/** The first `count` windows of `w`. */
export const firstWindows = (w, count) => ({ ...w, count, index: w.index.subarray(0, count) });
