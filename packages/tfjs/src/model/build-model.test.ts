import type { ModelSpec, RecurrentLayerSpec } from '@seqpipe/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../backend/load-tf.js';
import type { Tf } from '../backend/tf-types.js';
import { buildModel } from './build-model.js';

const layer = (cell: RecurrentLayerSpec['cell'], units: number): RecurrentLayerSpec => ({
  cell, units, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0,
});
const spec = (...layers: RecurrentLayerSpec[]): ModelSpec => ({ kind: 'model-spec', layers, head: { activation: 'linear' } });
const shape = { lookback: 4, features: 2, outputs: 3 };

let tf: Tf;
beforeAll(async () => {
  tf = await loadTf();
});

function weightsOf(s: ModelSpec, seed: number): Float32Array[] {
  const model = buildModel(tf, s, shape, seed);
  try {
    return model.getWeights().map((w) => w.dataSync() as Float32Array);
  } finally {
    model.dispose();
  }
}

describe('buildModel', () => {
  it('initializes every weight from the seed', () => {
    const s = spec(layer('gru', 4), layer('lstm', 3));
    const a = weightsOf(s, 7);
    expect(weightsOf(s, 7)).toEqual(a);
    const b = weightsOf(s, 8);
    // Kernels differ with the seed; zero biases do not.
    expect(b[0]).not.toEqual(a[0]);
    expect(b[1]).not.toEqual(a[1]);
  });

  it('stacks layers with Keras shapes, names and LSTM forget bias 1', () => {
    const model = buildModel(tf, spec(layer('gru', 4), layer('lstm', 3), layer('simpleRNN', 2)), shape, 1);
    try {
      expect(model.weights.map((w) => `${w.originalName} ${w.shape.join('x')}`)).toEqual([
        'rnn_0/kernel 2x12', 'rnn_0/recurrent_kernel 4x12', 'rnn_0/bias 12',
        'rnn_1/kernel 4x12', 'rnn_1/recurrent_kernel 3x12', 'rnn_1/bias 12',
        'rnn_2/kernel 3x2', 'rnn_2/recurrent_kernel 2x2', 'rnn_2/bias 2',
        'head/kernel 2x3', 'head/bias 3',
      ]);
      const lstmBias = Array.from(model.weights[5]!.read().dataSync());
      expect(lstmBias).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
      expect(model.outputs[0]!.shape).toEqual([null, 3]);
      // Passed explicitly: tfjs would default to hardSigmoid.
      const topology = model.toJSON(null, false) as unknown as { config: { layers: { config: { recurrent_activation?: string } }[] } };
      expect(topology.config.layers[0]!.config.recurrent_activation).toBe('sigmoid');
    } finally {
      model.dispose();
    }
  });
});
