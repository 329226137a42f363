/**
 * The tfjs-layers functional `modelTopology` that build-family.ts (tfjs package) produces for
 * model/mlp and model/linear, written without TensorFlow so a fused-trained dense network exports
 * as a model.json that tf.loadLayersModel reads. A test compares it with what tfjs saves.
 */
import type { JsonObject } from '@seqpipe/core';
import type { DenseFamilySpec } from '../network/dense-layout.js';
import { DENSE_LAYER_NAME, FAMILY_HEAD, LINEAR_REMAINDER_HEAD, LINEAR_TREND, LINEAR_TREND_HEAD } from '../network/family-layout.js';
import type { NetworkShape } from '../network/layout.js';
import { TFJS_LAYERS_VERSION } from './tfjs-topology.js';

const zeros = (): JsonObject => ({ class_name: 'Zeros', config: {} });
const node = (name: string, className: string, config: JsonObject, inputs: readonly string[]): JsonObject => ({
  name, class_name: className, config: { ...config, name, trainable: config.trainable ?? true },
  inbound_nodes: inputs.length ? [inputs.map((i) => [i, 0, 0, {}])] : [],
});
const dense = (name: string, units: number, input: string, activation = 'linear', useBias = true, trainable = true): JsonObject => node(name, 'Dense', {
  units, activation: activation === 'hardSigmoid' ? 'hard_sigmoid' : activation, use_bias: useBias,
  kernel_initializer: zeros(), bias_initializer: zeros(),
  kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
  trainable,
}, [input]);

export function familyTopology(spec: DenseFamilySpec, shape: NetworkShape): JsonObject {
  const input: JsonObject = {
    name: 'window', class_name: 'InputLayer',
    config: { batch_input_shape: [null, shape.lookback, shape.features], dtype: 'float32', sparse: false, name: 'window' },
    inbound_nodes: [],
  };
  const layers: JsonObject[] = [input];
  let output: string;
  if (spec.family === 'mlp') {
    layers.push(node('flatten', 'Flatten', {}, ['window']));
    let last = 'flatten';
    spec.layers.forEach((l, i) => {
      layers.push(dense(DENSE_LAYER_NAME(i), l.units, last, l.activation));
      last = DENSE_LAYER_NAME(i);
      if (spec.dropout > 0) {
        layers.push(node(`dropout_${i}`, 'Dropout', { rate: spec.dropout, noise_shape: null, seed: null }, [last]));
        last = `dropout_${i}`;
      }
    });
    layers.push(dense(FAMILY_HEAD, shape.outputs, last, spec.head.activation));
    output = FAMILY_HEAD;
  } else if (!spec.decomposition) {
    layers.push(node('flatten', 'Flatten', {}, ['window']), dense(FAMILY_HEAD, shape.outputs, 'flatten'));
    output = FAMILY_HEAD;
  } else {
    layers.push(
      node('time_last', 'Permute', { dims: [2, 1] }, ['window']),
      dense(LINEAR_TREND, shape.lookback, 'time_last', 'linear', false, false),
      node('trend_steps', 'Permute', { dims: [2, 1] }, [LINEAR_TREND]),
      node('minus_trend', 'Rescaling', { scale: -1, offset: 0 }, ['trend_steps']),
      node('remainder', 'Add', {}, ['window', 'minus_trend']),
      node('flatten_trend', 'Flatten', {}, ['trend_steps']),
      node('flatten_remainder', 'Flatten', {}, ['remainder']),
      dense(LINEAR_TREND_HEAD, shape.outputs, 'flatten_trend'),
      dense(LINEAR_REMAINDER_HEAD, shape.outputs, 'flatten_remainder'),
      node('forecast', 'Add', {}, [LINEAR_TREND_HEAD, LINEAR_REMAINDER_HEAD]),
    );
    output = 'forecast';
  }
  return {
    class_name: 'Model',
    config: { name: `seqpipe_${spec.family}`, layers, input_layers: [['window', 0, 0]], output_layers: [[output, 0, 0]] },
    keras_version: `tfjs-layers ${TFJS_LAYERS_VERSION}`,
    backend: 'tensor_flow.js',
  };
}
