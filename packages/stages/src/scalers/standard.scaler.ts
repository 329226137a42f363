import { defineScaler } from './affine-scaler.js';
import type { FitParams } from './fit-range.js';

/** sklearn's StandardScaler: (x − mean) / std with the population std; a constant column only centres. */
export function standardColumn(values: readonly number[]): { scale: number; offset: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  const scale = std < 10 * Number.EPSILON ? 1 : 1 / std;
  return { scale, offset: -mean * scale };
}

export const standardScaler = defineScaler<FitParams>({
  uses: 'scaler/standard',
  version: '1',
  description: 'Standardises each column to mean 0, standard deviation 1, fitted on the training rows by default.',
  params: {},
  fitColumn: (values) => standardColumn(values),
});
