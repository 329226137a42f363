/**
 * Every initial weight of a built model, from the kernels package's Keras-default initializers
 * (glorot_uniform kernels, orthogonal recurrent kernels, zero biases but the LSTM forget gate), so
 * the layers and fused engines start from identical weights for a seed.
 */
import type { ModelSpec, Rng } from '@seqpipe/core';
import { initialWeights, type NetworkShape, type WeightValue } from '@seqpipe/kernels';
import type { LayersModel } from '@tensorflow/tfjs';

export type { WeightValue };

/**
 * In `model.weights` order. The values are drawn in the kernels package's order; a functional
 * model (the dense families) orders its weights by graph depth, so they are matched by name.
 */
export function seededWeights(model: LayersModel, spec: ModelSpec, shape: NetworkShape, rng: Rng): WeightValue[] {
  const weights = initialWeights(spec, shape, rng);
  const names = model.weights.map((w) => w.originalName);
  const byName = new Map(weights.map((w) => [w.name, w]));
  if (names.length !== weights.length || names.some((n) => !byName.has(n))) {
    throw new Error(`model weights [${names.join(', ')}] do not match the expected [${weights.map((w) => w.name).join(', ')}]`);
  }
  return names.map((n) => byName.get(n)!);
}
