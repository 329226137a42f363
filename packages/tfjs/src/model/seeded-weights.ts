/**
 * Every initial weight of a built model, drawn from our Rng with Keras's defaults: kernels
 * glorot_uniform, recurrent kernels orthogonal, biases zero except the LSTM forget gate
 * (unit_forget_bias: 1). Values follow `model.weights` order, so the draw order is fixed.
 */
import type { ModelSpec, Rng } from '@seqpipe/core';
import type { LayersModel } from '@tensorflow/tfjs';
import { glorotUniform, orthogonal } from './keras-initializers.js';

export interface WeightValue {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export function seededWeights(model: LayersModel, spec: ModelSpec, rng: Rng): WeightValue[] {
  return model.weights.map((w) => {
    const name = w.originalName;
    const shape = w.shape as number[];
    const [layer = '', role = ''] = name.split('/');
    return { name, shape, values: initial(layer, role, shape, spec, rng, name) };
  });
}

function initial(layer: string, role: string, shape: number[], spec: ModelSpec, rng: Rng, name: string): Float32Array {
  const [rows = 0, cols = 0] = shape;
  if (role === 'kernel' && shape.length === 2) return glorotUniform(rows, cols, rng);
  if (role === 'recurrent_kernel' && shape.length === 2) return orthogonal(rows, cols, rng);
  if (role === 'bias' && shape.length === 1) {
    const bias = new Float32Array(rows);
    const recurrent = /^rnn_(\d+)$/.exec(layer);
    const cell = recurrent ? spec.layers[Number(recurrent[1])] : undefined;
    // tfjs LSTM gate order is i, f, c, o: the forget gate is the second block of `units`.
    if (cell?.cell === 'lstm') bias.fill(1, cell.units, 2 * cell.units);
    return bias;
  }
  throw new Error(`no initializer for weight "${name}" with shape [${shape.join(', ')}]`);
}
