import { defineStage } from '@seqpipe/core';
import type { Forecaster } from '@seqpipe/core';
import { createNaiveForecaster } from './naive-forecaster.js';

/**
 * A forecaster with nothing to learn, to score beside a model: if a network cannot beat
 * "tomorrow equals today", it has not learned the series. Takes the split only for its shapes.
 */
export const naiveBaseline = defineStage({
  uses: 'baseline/naive',
  version: '1',
  description: 'Predicts the last observed target value of each window for every horizon step.',
  params: { type: 'object', additionalProperties: false, properties: {} },
  inputs: { data: 'split' },
  output: 'forecaster',
  async run(_ctx, { data }): Promise<Forecaster> {
    const w = data.train;
    return createNaiveForecaster({ lookback: w.lookback, features: w.columns.length, horizon: w.horizon, targetFeatures: w.targetColumns });
  },
});
