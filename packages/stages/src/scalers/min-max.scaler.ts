import { defineStage, messages } from '@seqpipe/core';
import type { AffineTransform, Series, StageIssue } from '@seqpipe/core';

export interface MinMaxParams {
  readonly range: readonly [number, number];
  readonly fitFraction: number;
}

/** Rows used to fit: floor, like the splitter, so fitFraction = train never sees a test row; at least 1. */
export function fitRows(length: number, fitFraction: number): number {
  return Math.min(length, Math.max(1, Math.floor(length * fitFraction)));
}

/**
 * Per-column scale and offset with sklearn's MinMaxScaler arithmetic (scale = (hi − lo)/(max − min),
 * offset = lo − min·scale, applied as x·scale + offset) so results match it bit for bit. A constant
 * column (range below sklearn's 10·eps threshold) gets scale 1 and offset lo − min: it maps to lo
 * and inverts exactly. NaNs are ignored when fitting, like sklearn's nanmin/nanmax.
 */
export function fitMinMax(series: Series, rows: number, [lo, hi]: readonly [number, number]): AffineTransform {
  const cols = series.columns.length;
  const scale: number[] = [];
  const offset: number[] = [];
  for (let c = 0; c < cols; c++) {
    let min = Infinity;
    let max = -Infinity;
    for (let r = 0; r < rows; r++) {
      const v = series.values[r * cols + c]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min > max) throw new Error(`scaler/minmax: column "${series.columns[c]}" has no numeric values in its first ${rows} rows`);
    const constant = max - min < 10 * Number.EPSILON;
    const s = constant ? 1 : (hi - lo) / (max - min);
    scale.push(s);
    offset.push(constant ? lo - min : lo - min * s);
  }
  return { type: 'affine', by: 'scaler/minmax', scale, offset };
}

export const minMaxScaler = defineStage({
  uses: 'scaler/minmax',
  version: '1',
  description: 'Scales each column linearly to a range, fitted on the first rows; records the transform.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      range: {
        type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2, default: [0, 1],
        description: 'Target [low, high]; low must be below high.',
      },
      fitFraction: {
        type: 'number', exclusiveMinimum: 0, maximum: 1, default: 1,
        description: 'Fraction of leading rows (floored, at least one) to fit min and max on. 1 fits the whole series, as the tutorial does, which leaks the test range.',
      },
    },
  },
  inputs: { series: 'series' },
  output: 'series',
  check(params: MinMaxParams, inputs) {
    const issues: StageIssue[] = [];
    const [lo, hi] = params.range;
    if (!(lo < hi)) {
      issues.push({ code: 'E_INVALID_VALUE', severity: 'error', path: ['range'], message: messages.E_INVALID_VALUE('range', `low (${lo}) must be below high (${hi})`) });
    }
    if (params.fitFraction === 1) {
      issues.push({ code: 'W_SCALER_LEAK', severity: 'warning', message: messages.W_SCALER_LEAK(), path: ['fitFraction'] });
    }
    return { ...(inputs.series ? { facts: inputs.series } : {}), issues };
  },
  async run(_ctx, { series }, params: MinMaxParams): Promise<Series> {
    if (!(params.range[0] < params.range[1])) throw new Error(messages.E_INVALID_VALUE('range', 'low must be below high'));
    const t = fitMinMax(series, fitRows(series.length, params.fitFraction), params.range);
    const cols = series.columns.length;
    const values = new Float64Array(series.values.length);
    for (let i = 0; i < values.length; i++) values[i] = series.values[i]! * t.scale[i % cols]! + t.offset[i % cols]!;
    return { ...series, values, transforms: [...series.transforms, t] };
  },
});
