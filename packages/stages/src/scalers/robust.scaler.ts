import { defineScaler } from './affine-scaler.js';
import type { FitParams } from './fit-range.js';

/** Percentile with linear interpolation between closest ranks (numpy's default), of sorted values. */
export function percentile(sorted: readonly number[], q: number): number {
  const at = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** sklearn's RobustScaler: (x − median) / IQR (25th–75th percentile); a zero IQR only centres. */
export function robustColumn(values: readonly number[]): { scale: number; offset: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  const iqr = percentile(sorted, 75) - percentile(sorted, 25);
  const scale = iqr < 10 * Number.EPSILON ? 1 : 1 / iqr;
  return { scale, offset: -median * scale };
}

export const robustScaler = defineScaler<FitParams>({
  uses: 'scaler/robust',
  version: '1',
  description: 'Centres each column on its median and divides by its interquartile range (outlier-resistant), fitted on the training rows by default.',
  params: {},
  fitColumn: (values) => robustColumn(values),
});
