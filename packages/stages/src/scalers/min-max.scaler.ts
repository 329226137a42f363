import { messages } from '@seqpipe/core';
import type { StageIssue } from '@seqpipe/core';
import { defineScaler } from './affine-scaler.js';
import type { FitParams } from './fit-range.js';

export { fitRows } from './fit-range.js';

export interface MinMaxParams extends FitParams {
  readonly range: readonly [number, number];
}

/**
 * sklearn's MinMaxScaler arithmetic (scale = (hi − lo)/(max − min), offset = lo − min·scale,
 * applied as x·scale + offset) so results match it bit for bit. A constant column (range below
 * sklearn's 10·eps threshold) gets scale 1 and offset lo − min: it maps to lo and inverts exactly.
 */
export function minMaxColumn(values: readonly number[], [lo, hi]: readonly [number, number]): { scale: number; offset: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const constant = max - min < 10 * Number.EPSILON;
  const scale = constant ? 1 : (hi - lo) / (max - min);
  return { scale, offset: constant ? lo - min : lo - min * scale };
}

export const minMaxScaler = defineScaler<MinMaxParams>({
  uses: 'scaler/minmax',
  version: '2',
  description: 'Scales each column linearly to a range, fitted on the training rows by default; records the transform.',
  params: {
    range: {
      type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, default: [0, 1],
      description: 'Target [low, high]; low must be below high.',
    },
  },
  fitColumn: (values, p) => {
    if (!(p.range[0] < p.range[1])) throw new Error(messages.E_INVALID_VALUE('range', 'low must be below high'));
    return minMaxColumn(values, p.range);
  },
  check(p): StageIssue[] {
    const [lo, hi] = p.range;
    return lo < hi ? [] : [{ code: 'E_INVALID_VALUE', severity: 'error', path: ['range'], message: messages.E_INVALID_VALUE('range', `low (${lo}) must be below high (${hi})`) }];
  },
});
