/**
 * ModelSpec + data shape → an untrained network with seeded, Keras-default weights: a
 * tf.Sequential for model/rnn, a functional model for the dense families (build-family.ts).
 *
 * tfjs-layers differs from Keras in ways we correct or note:
 * - recurrentActivation defaults to hardSigmoid in tfjs; the spec's value (sigmoid by default,
 *   as in Keras) is always passed explicitly.
 * - GRU has no `resetAfter` (Keras's default is True, with a [2, 3·units] bias): ours is the
 *   reset-before variant, so GRU results are close to, not identical with, a default Keras GRU.
 * - Initial weights come from our Rng (see seeded-weights.ts); the tfjs initializers are set to
 *   'zeros' only to skip their unseeded (and, for orthogonal, slow) work at build time.
 * - Dropout masks come from a seeded stream via `dropoutFunc`, not tfjs's Math.random.
 */
import { createRng, deriveSeed, isRecurrentSpec } from '@seqpipe/core';
import type { ModelSpec, RecurrentLayerSpec, Rng } from '@seqpipe/core';
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../backend/tf-types.js';
import { familyModel } from './build-family.js';
import { seededWeights, type WeightValue } from './seeded-weights.js';

type Activation = NonNullable<Parameters<Tf['layers']['dense']>[0]>['activation'];

export interface ModelShape {
  readonly lookback: number;
  readonly features: number;
  /** horizon · targets (× quantiles): the Dense head's width. */
  readonly outputs: number;
  /** Forecast steps (model/nbeats's interpretable bases need them). */
  readonly horizon?: number;
}

/** Layer names are fixed so the saved topology and weight names never depend on process history. */
export const recurrentLayerName = (i: number): string => `rnn_${i}`;
export const HEAD_LAYER_NAME = 'head';
export const MODEL_NAME = 'seqpipe_rnn';

/** `dropoutRng` continues a resumed training's mask stream; by default it starts from the seed. */
export function buildModel(
  tf: Tf, spec: ModelSpec, shape: ModelShape, seed: number, dropoutRng: Rng = createRng(deriveSeed(seed, 'dropout')),
): LayersModel {
  if (!isRecurrentSpec(spec)) {
    let model!: LayersModel;
    // Variables survive tidy; any temporary a layer's build makes does not.
    tf.tidy(() => { model = familyModel(tf, spec, shape, dropoutRng); });
    try {
      return withWeights(tf, model, seededWeights(model, spec, shape, createRng(deriveSeed(seed, 'init'))));
    } catch (error) {
      model.dispose();
      throw error;
    }
  }
  if (spec.layers.length === 0) throw new Error('a model needs at least one recurrent layer');
  const model = tf.sequential({ name: MODEL_NAME });
  try {
    // Variables survive tidy; any temporary an initializer makes does not.
    tf.tidy(() => {
      spec.layers.forEach((layer, i) => {
        model.add(recurrentLayer(tf, layer, {
          name: recurrentLayerName(i),
          returnSequences: i < spec.layers.length - 1,
          ...(i === 0 ? { inputShape: [shape.lookback, shape.features] } : {}),
          dropoutFunc: seededDropout(tf, dropoutRng),
        }));
      });
      model.add(tf.layers.dense({
        units: shape.outputs, activation: spec.head.activation as Activation, name: HEAD_LAYER_NAME, kernelInitializer: 'zeros',
      }));
    });
    return withWeights(tf, model, seededWeights(model, spec, shape, createRng(deriveSeed(seed, 'init'))));
  } catch (error) {
    model.dispose();
    throw error;
  }
}

function withWeights<M extends LayersModel>(tf: Tf, model: M, weights: readonly WeightValue[]): M {
  tf.tidy(() => model.setWeights(weights.map((w) => tf.tensor(w.values, [...w.shape], 'float32'))));
  return model;
}

interface LayerExtras {
  readonly name: string;
  readonly returnSequences: boolean;
  readonly inputShape?: number[];
  readonly dropoutFunc: (ones: Tensor, rate: number) => Tensor;
}

function recurrentLayer(tf: Tf, layer: RecurrentLayerSpec, extras: LayerExtras) {
  const common = {
    ...extras,
    units: layer.units,
    activation: layer.activation as Activation,
    dropout: layer.dropout,
    recurrentDropout: layer.recurrentDropout,
    kernelInitializer: 'zeros' as const,
    recurrentInitializer: 'zeros' as const,
    biasInitializer: 'zeros' as const,
  };
  const recurrentActivation = layer.recurrentActivation as Activation;
  switch (layer.cell) {
    case 'simpleRNN':
      return tf.layers.simpleRNN(common);
    case 'gru':
      return tf.layers.gru({ ...common, recurrentActivation });
    case 'lstm':
      // Forget bias 1 (Keras unit_forget_bias) is set by seededWeights. tfjs's own unitForgetBias
      // initializer leaks four tensors per build, including when tf.loadLayersModel rebuilds it.
      return tf.layers.lstm({ ...common, recurrentActivation, unitForgetBias: false });
  }
}

/** Inverted dropout with a mask drawn from our Rng: x · keep / (1 − rate). */
function seededDropout(tf: Tf, rng: Rng) {
  return (ones: Tensor, rate: number): Tensor => {
    const scale = 1 / (1 - rate);
    const mask = new Float32Array(ones.size);
    for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < rate ? 0 : scale;
    return tf.mul(ones, tf.tensor(mask, ones.shape));
  };
}
