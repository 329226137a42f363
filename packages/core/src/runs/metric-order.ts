/**
 * The order metrics are listed in, the same in the terminal and the report: original-unit errors
 * (`mae_original`, …), unit-free metrics in original units (mape, smape, mase, r2), skill and OWA
 * against a baseline, then model-unit errors (mse, rmse, mae on the scaled data); per-step
 * metrics (`_h3`) last. A backtest's `_mean`/`_std` sit with their metric.
 */
export function metricRank(name: string): number {
  const base = name.replace(/_(mean|std)$/, '');
  if (/_h\d+$/.test(base)) return 6;
  if (base.startsWith('skill_') || base === 'owa') return 3;
  if (base.endsWith('_original')) return 1;
  if (/^(mape|smape|mase|r2)$/.test(base)) return 2;
  return 4;
}

/**
 * Compares metric names by rank, then by name. Not localeCompare: its first call loads ICU
 * collation (≈20 ms of every run's startup); names are lower-case ASCII, and '_' read as a space
 * sorts before digits and letters as localeCompare did.
 */
export function compareMetricNames(a: string, b: string): number {
  const order = (s: string): string => s.replaceAll('_', ' ');
  return metricRank(a) - metricRank(b) || (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0);
}
