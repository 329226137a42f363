import { defineStage } from '@seqpipe/core';
import type { Series } from '@seqpipe/core';

export interface SineParams {
  readonly points: number;
  readonly start: number;
  readonly stop: number;
  readonly amplitude: number;
  readonly column: string;
}

/**
 * x exactly as numpy.linspace computes it (i * step + start, last point set to stop), so the
 * tutorial's inputs match bit for bit.
 */
export function linspace(start: number, stop: number, points: number): Float64Array {
  const x = new Float64Array(points);
  const step = (stop - start) / (points - 1);
  for (let i = 0; i < points; i++) x[i] = i * step + start;
  x[points - 1] = stop;
  return x;
}

/** amplitude · sin(linspace(start, stop, points)); the x values become the series' time axis. */
export const sineSource = defineStage({
  uses: 'source/sine',
  version: '1',
  description: 'A synthetic sine wave: amplitude · sin(linspace(start, stop, points)), like numpy.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      points: { type: 'integer', minimum: 2, default: 1000, description: 'Number of samples, both ends included.' },
      start: { type: 'number', default: 0, description: 'First x value.' },
      stop: { type: 'number', default: 100, description: 'Last x value (included, as in numpy.linspace).' },
      amplitude: { type: 'number', default: 1, description: 'Multiplies sin(x).' },
      column: { type: 'string', minLength: 1, default: 'value', description: 'Name of the value column.' },
    },
  },
  inputs: {},
  output: 'series',
  check: (params: SineParams) => ({ facts: { length: params.points, columns: 1 } }),
  async run(_ctx, _inputs, params: SineParams): Promise<Series> {
    const time = linspace(params.start, params.stop, params.points);
    const values = time.map((x) => params.amplitude * Math.sin(x));
    return { kind: 'series', columns: [params.column], length: params.points, values, time, transforms: [] };
  },
});
