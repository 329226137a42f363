import { defineStage, messages, SeqpipeError } from '@seqpipe/core';
import type { Series } from '@seqpipe/core';

export interface LogParams {
  readonly offset: number;
}

/** ln(x + offset) per value; recorded so forecasts and metrics come back as exp(y) − offset. */
export const logTransform = defineStage({
  uses: 'transform/log',
  version: '1',
  description: 'Natural log of every value plus an offset; invertible, recorded in the series.',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      offset: { type: 'number', default: 0, description: 'Added before the log, for data that is zero or negative: every value must be above −offset.' },
    },
  },
  inputs: { series: 'series' },
  output: 'series',
  check: (_params: LogParams, { series }) => (series ? { facts: series } : {}),
  async run(_ctx, { series }, { offset }: LogParams): Promise<Series> {
    const cols = series.columns.length;
    const values = new Float64Array(series.values.length);
    for (let i = 0; i < values.length; i++) {
      const v = series.values[i]! + offset;
      if (!(v > 0)) {
        throw new SeqpipeError('E_LOG_DOMAIN', messages.E_LOG_DOMAIN(series.columns[i % cols]!, Math.floor(i / cols), series.values[i]!, offset));
      }
      values[i] = Math.log(v);
    }
    return { ...series, values, transforms: [...series.transforms, { type: 'log', by: 'transform/log', offset }] };
  },
});
