/**
 * A fused-trained network behind the Forecaster interface: predictions in plain JavaScript from
 * the float32 weights it exports, so evaluators, predictors and cached re-runs never load
 * TensorFlow.
 */
import type { Forecaster, ForecasterShape, JsonObject, ModelSpec } from '@seqpipe/core';
import { createFusedNetwork, fusedLayout, type FusedLayout, type FusedTrainable } from '../network/fused-factory.js';
import { pointForecast, sortQuantiles, withQuantileIntervals } from './quantiles.js';

export type { ForecasterShape };

export const FUSED_IMPL = 'fused-rnn';

/** Windows per forward pass when predicting. */
const PREDICT_CHUNK = 256;

export interface FusedForecaster extends Forecaster {
  readonly impl: typeof FUSED_IMPL;
  readonly spec: ModelSpec;
  readonly layout: FusedLayout;
  /** All weights in tensor order, float32 (the weights.bin layout). */
  readonly weights: Float32Array;
  /** A quantile-loss network's quantiles (outputs [horizon, targets, Q]); absent: point outputs. */
  readonly quantiles?: readonly number[];
}

export function isFusedForecaster(f: Forecaster): f is FusedForecaster {
  return f.impl === FUSED_IMPL && 'weights' in f;
}

export function createFusedForecaster(
  shape: ForecasterShape, spec: ModelSpec, weights: Float32Array, summary: JsonObject, quantiles?: readonly number[],
): FusedForecaster {
  const { lookback, features, horizon, targets } = shape;
  const Q = quantiles?.length ?? 1;
  const layout = fusedLayout(spec, { lookback, features, outputs: horizon * targets * Q, horizon });
  if (weights.length !== layout.size) throw new Error(`expected ${layout.size} weights for this network, got ${weights.length}`);
  let net: FusedTrainable | undefined;
  /** The network's outputs [count, outputs]; for quantiles, sorted per point. */
  const raw = (x: Float32Array, count: number): Float32Array => {
    const per = lookback * features;
    const width = horizon * targets * Q;
    if (x.length !== count * per) {
      throw new Error(`predict: expected ${count}×${lookback}×${features} = ${count * per} values, got ${x.length}`);
    }
    net ??= createFusedNetwork(layout, weights, PREDICT_CHUNK);
    const out = new Float32Array(count * width);
    for (let start = 0; start < count; start += PREDICT_CHUNK) {
      const B = net.load(x, undefined, undefined, start, Math.min(count, start + PREDICT_CHUNK));
      const y = net.forward(B, false);
      for (let k = 0; k < B * width; k++) out[start * width + k] = y[k];
    }
    return quantiles ? sortQuantiles(out, Q) : out;
  };
  const base: FusedForecaster = {
    kind: 'forecaster',
    impl: FUSED_IMPL,
    lookback, features, horizon, targets,
    spec, summary, layout, weights,
    async predict(x, count) {
      return quantiles ? pointForecast(raw(x, count), quantiles) : raw(x, count);
    },
  };
  return withQuantileIntervals(base, quantiles, raw);
}
