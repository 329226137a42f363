import type { ArtifactCodec } from '@seqpipe/core';
import { createNaiveForecaster, isNaiveForecaster } from './naive-forecaster.js';

/** A naive forecaster has no weights: its shape in the header is all there is. */
export const naiveForecasterCodec: ArtifactCodec<'forecaster'> = {
  kind: 'forecaster',
  impl: 'naive-last',
  encode(f) {
    if (!isNaiveForecaster(f)) throw new Error(`naive-last codec cannot encode a "${f.impl}" forecaster`);
    const { lookback, features, horizon, targets, targetFeatures } = f;
    return { header: { kind: 'forecaster', impl: 'naive-last', lookback, features, horizon, targets, targetFeatures: [...targetFeatures] }, buffers: [] };
  },
  decode({ header }) {
    return createNaiveForecaster({
      lookback: header.lookback as number,
      features: header.features as number,
      horizon: header.horizon as number,
      targetFeatures: header.targetFeatures as number[],
    });
  },
};
