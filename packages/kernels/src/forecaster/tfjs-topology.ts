/**
 * The tfjs-layers `modelTopology` that build-model.ts (tfjs package) produces for a spec, written
 * out without TensorFlow so a fused-trained network exports as a model.json that
 * tf.loadLayersModel reads. A test compares it with what tfjs itself saves.
 */
import type { JsonObject, ModelSpec } from '@seqpipe/core';
import { HEAD_LAYER_NAME, recurrentLayerName, recurrentOnly, type NetworkShape } from '../network/layout.js';

export const TFJS_LAYERS_VERSION = '4.22.0';
export const MODEL_NAME = 'seqpipe_rnn';

const zeros = (): JsonObject => ({ class_name: 'Zeros', config: {} });
const CLASS = { simpleRNN: 'SimpleRNN', gru: 'GRU', lstm: 'LSTM' } as const;
/** tfjs writes activations in Keras's spelling. */
const serialized = (activation: string): string => (activation === 'hardSigmoid' ? 'hard_sigmoid' : activation);

export function tfjsTopology(model: ModelSpec, shape: NetworkShape): JsonObject {
  const spec = recurrentOnly(model);
  const layers = spec.layers.map((l, i): JsonObject => {
    const gated = l.cell !== 'simpleRNN';
    return {
      class_name: CLASS[l.cell],
      config: {
        name: recurrentLayerName(i),
        trainable: true,
        ...(i === 0 ? { batch_input_shape: [null, shape.lookback, shape.features], dtype: 'float32' } : {}),
        units: l.units,
        activation: serialized(l.activation),
        ...(gated ? { recurrent_activation: serialized(l.recurrentActivation) } : {}),
        use_bias: true,
        kernel_initializer: zeros(),
        recurrent_initializer: zeros(),
        bias_initializer: zeros(),
        ...(l.cell === 'lstm' ? { unit_forget_bias: false } : {}),
        kernel_regularizer: null,
        recurrent_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        recurrent_constraint: null,
        bias_constraint: null,
        dropout: l.dropout,
        recurrent_dropout: l.recurrentDropout,
        ...(gated ? { implementation: null } : {}),
        ...(l.cell === 'gru' ? { reset_after: false } : {}),
        return_sequences: i < spec.layers.length - 1,
        return_state: false,
        go_backwards: false,
        stateful: false,
        unroll: false,
      },
    };
  });
  const head: JsonObject = {
    class_name: 'Dense',
    config: {
      units: shape.outputs,
      activation: serialized(spec.head.activation),
      use_bias: true,
      kernel_initializer: zeros(),
      bias_initializer: zeros(),
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
      name: HEAD_LAYER_NAME,
      trainable: true,
    },
  };
  return {
    class_name: 'Sequential',
    config: { name: MODEL_NAME, layers: [...layers, head] },
    keras_version: `tfjs-layers ${TFJS_LAYERS_VERSION}`,
    backend: 'tensor_flow.js',
  };
}
