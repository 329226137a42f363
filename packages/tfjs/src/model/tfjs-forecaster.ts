/** A trained tfjs-layers network behind the Forecaster interface evaluators and predictors use. */
import type { Forecaster, ForecasterShape, JsonObject, ModelSpec } from '@seqpipe/core';
import { pointForecast, sortQuantiles, withQuantileIntervals } from '@seqpipe/kernels';
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../backend/tf-types.js';
import { disposeModel } from './dispose-model.js';

export const TFJS_IMPL = 'tfjs-layers';

/** Windows per model.predict call: bounds memory for long series. */
const PREDICT_CHUNK = 1024;

export interface TfjsForecaster extends Forecaster {
  readonly impl: typeof TFJS_IMPL;
  readonly spec: ModelSpec;
  readonly model: LayersModel;
  readonly tf: Tf;
  /** A quantile-loss network's quantiles (outputs [horizon, targets, Q], see kernels quantiles.ts). */
  readonly quantiles?: readonly number[];
  dispose(): void;
}

export function isTfjsForecaster(f: Forecaster): f is TfjsForecaster {
  return f.impl === TFJS_IMPL && 'model' in f;
}

export function createTfjsForecaster(
  tf: Tf, model: LayersModel, shape: ForecasterShape, spec: ModelSpec, summary: JsonObject, quantiles?: readonly number[],
): TfjsForecaster {
  const { lookback, features, horizon, targets } = shape;
  const Q = quantiles?.length ?? 1;
  let disposed = false;
  /** The network's outputs [count, horizon·targets·Q]; for quantiles, sorted per point. */
  const raw = async (x: Float32Array, count: number): Promise<Float32Array> => {
    if (disposed) throw new Error('this forecaster was disposed');
    const per = lookback * features;
    const width = horizon * targets * Q;
    if (x.length !== count * per) {
      throw new Error(`predict: expected ${count}×${lookback}×${features} = ${count * per} values, got ${x.length}`);
    }
    const out = new Float32Array(count * width);
    for (let start = 0; start < count; start += PREDICT_CHUNK) {
      const n = Math.min(PREDICT_CHUNK, count - start);
      const y = tf.tidy(() => model.predict(tf.tensor3d(x.subarray(start * per, (start + n) * per), [n, lookback, features])) as Tensor);
      try {
        out.set(await y.data(), start * width);
      } finally {
        y.dispose();
      }
    }
    return quantiles ? sortQuantiles(out, Q) : out;
  };
  const base: TfjsForecaster = {
    kind: 'forecaster',
    impl: TFJS_IMPL,
    lookback, features, horizon, targets,
    spec, summary, model, tf,
    async predict(x, count) {
      const out = await raw(x, count);
      return quantiles ? pointForecast(out, quantiles) : out;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      disposeModel(model);
    },
  };
  return withQuantileIntervals(base, quantiles, raw);
}
