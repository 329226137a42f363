/**
 * The tfjs-layers functional `modelTopology` that build-family.ts (tfjs package) produces for
 * model/mlp, model/linear and model/nbeats, written without TensorFlow so a fused-trained network
 * exports as a model.json that tf.loadLayersModel reads. A layer applied several times (N-BEATS's
 * shared weights) lists one inbound node per application, and its outputs are referred to by that
 * node's index, as tfjs saves them. Tests compare it with what tfjs saves.
 */
import type { JsonObject, JsonValue, ModelSpec, NbeatsModelSpec } from '@seqpipe/core';
import type { DenseFamilySpec } from '../network/dense-layout.js';
import { DENSE_LAYER_NAME, FAMILY_HEAD, LINEAR_REMAINDER_HEAD, LINEAR_TREND, LINEAR_TREND_HEAD, nbeatsLayer, nbeatsPlan } from '../network/family-layout.js';
import type { NetworkShape } from '../network/layout.js';
import { TFJS_LAYERS_VERSION } from './tfjs-topology.js';

type Ref = [string, number, number, JsonObject];
const zeros = (): JsonObject => ({ class_name: 'Zeros', config: {} });

/** Layers in first-application order, each with its inbound nodes. */
class Graph {
  private readonly layers = new Map<string, { json: JsonObject; nodes: JsonValue[] }>();

  apply(name: string, className: string, config: JsonObject, inputs: readonly Ref[]): Ref {
    let layer = this.layers.get(name);
    if (!layer) {
      layer = { json: { name, class_name: className, config: { ...config, name, trainable: config.trainable ?? true } }, nodes: [] };
      this.layers.set(name, layer);
    }
    if (inputs.length) layer.nodes.push(inputs as unknown as JsonValue);
    return [name, Math.max(0, layer.nodes.length - 1), 0, {}];
  }

  dense(name: string, units: number, input: Ref, activation = 'linear', useBias = true, trainable = true): Ref {
    return this.apply(name, 'Dense', {
      units, activation: activation === 'hardSigmoid' ? 'hard_sigmoid' : activation, use_bias: useBias,
      kernel_initializer: zeros(), bias_initializer: zeros(),
      kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
      trainable,
    }, [input]);
  }

  json(): JsonObject[] {
    return [...this.layers.values()].map((l) => ({ ...l.json, inbound_nodes: l.nodes }));
  }
}

export function familyTopology(spec: Exclude<ModelSpec, { family?: 'rnn' }>, shape: NetworkShape): JsonObject {
  const g = new Graph();
  const input = g.apply('window', 'InputLayer', { batch_input_shape: [null, shape.lookback, shape.features], dtype: 'float32', sparse: false }, []);
  const output = spec.family === 'nbeats' ? nbeats(g, spec, shape, input) : dense(g, spec, shape, input);
  const layers = g.json();
  // The input layer's config carries no `trainable`, as tfjs saves it.
  delete (layers[0]!.config as Record<string, unknown>).trainable;
  return {
    class_name: 'Model',
    config: { name: `seqpipe_${spec.family}`, layers, input_layers: [['window', 0, 0]], output_layers: [output.slice(0, 3) as JsonValue] },
    keras_version: `tfjs-layers ${TFJS_LAYERS_VERSION}`,
    backend: 'tensor_flow.js',
  };
}

function dense(g: Graph, spec: DenseFamilySpec, shape: NetworkShape, input: Ref): Ref {
  if (spec.family === 'mlp') {
    let last = g.apply('flatten', 'Flatten', {}, [input]);
    spec.layers.forEach((l, i) => {
      last = g.dense(DENSE_LAYER_NAME(i), l.units, last, l.activation);
      if (spec.dropout > 0) last = g.apply(`dropout_${i}`, 'Dropout', { rate: spec.dropout, noise_shape: null, seed: null }, [last]);
    });
    return g.dense(FAMILY_HEAD, shape.outputs, last, spec.head.activation);
  }
  if (!spec.decomposition) return g.dense(FAMILY_HEAD, shape.outputs, g.apply('flatten', 'Flatten', {}, [input]));
  const timeLast = g.apply('time_last', 'Permute', { dims: [2, 1] }, [input]);
  const trend = g.apply('trend_steps', 'Permute', { dims: [2, 1] }, [g.dense(LINEAR_TREND, shape.lookback, timeLast, 'linear', false, false)]);
  const remainder = g.apply('remainder', 'Add', {}, [input, g.apply('minus_trend', 'Rescaling', { scale: -1, offset: 0 }, [trend])]);
  const t = g.dense(LINEAR_TREND_HEAD, shape.outputs, g.apply('flatten_trend', 'Flatten', {}, [trend]));
  const r = g.dense(LINEAR_REMAINDER_HEAD, shape.outputs, g.apply('flatten_remainder', 'Flatten', {}, [remainder]));
  return g.apply('forecast', 'Add', {}, [t, r]);
}

function nbeats(g: Graph, spec: NbeatsModelSpec, shape: NetworkShape, input: Ref): Ref {
  const plan = nbeatsPlan(spec, shape);
  let x = g.apply('flatten', 'Flatten', {}, [input]);
  const forecasts: Ref[] = [];
  for (const block of plan.blocks) {
    const grp = block.group;
    const generic = grp.stack.type === 'generic';
    let h = x;
    for (let k = 0; k < grp.stack.layers; k++) h = g.dense(nbeatsLayer(grp, `fc${k}`), grp.stack.units, h, 'relu');
    const side = (s: 'b' | 'f', theta: number, width: number, part: string): Ref => {
      const t = g.dense(nbeatsLayer(grp, `theta_${s}`), theta, h, 'linear', false);
      return g.dense(nbeatsLayer(grp, part), width, t, 'linear', generic, generic);
    };
    forecasts.push(side('f', grp.thetaF, shape.outputs, 'forecast'));
    if (block.last) break;
    const back = side('b', grp.thetaB, plan.inputs, 'backcast');
    x = g.apply(`${block.name}_residual`, 'Add', {}, [x, g.apply(`${block.name}_minus_backcast`, 'Rescaling', { scale: -1, offset: 0 }, [back])]);
  }
  return forecasts.length === 1 ? forecasts[0]! : g.apply('forecast', 'Add', {}, forecasts);
}
