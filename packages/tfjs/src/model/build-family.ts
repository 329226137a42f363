/**
 * The dense families (model/mlp, model/linear, model/nbeats) as tfjs-layers functional models.
 * Only stock layers (Flatten, Dense, Permute, Rescaling, Add, Dropout), so the saved model.json
 * loads with tf.loadLayersModel anywhere. Layer names follow the kernels package's family layout
 * (family-layout.ts), which also gives every initial weight; tfjs initializers are 'zeros' only
 * to skip their unseeded work at build time.
 *
 * - Fixed bases (DLinear's moving average, N-BEATS's trend/seasonality) are Dense kernels with
 *   trainable: false: saved with the weights, skipped by the optimizer.
 * - tfjs-layers has no Subtract layer: x − b is Add(x, Rescaling(−1)(b)).
 * - Dropout layers are stock (identity at inference, so the export is standard), but their
 *   training-time masks come from our seeded stream instead of tfjs's Math.random.
 */
import type { LinearModelSpec, MlpModelSpec, ModelSpec, NbeatsModelSpec, Rng } from '@seqpipe/core';
import {
  DENSE_LAYER_NAME, FAMILY_HEAD, LINEAR_REMAINDER_HEAD, LINEAR_TREND, LINEAR_TREND_HEAD, nbeatsLayer, nbeatsPlan, type NbeatsGroup,
} from '@seqpipe/kernels';
import type { LayersModel, SymbolicTensor, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../backend/tf-types.js';
import type { ModelShape } from './build-model.js';

type Activation = NonNullable<Parameters<Tf['layers']['dense']>[0]>['activation'];
export type DenseFamilySpec = Exclude<ModelSpec, { family?: 'rnn' }>;
type Sym = SymbolicTensor;

export function familyModel(tf: Tf, spec: DenseFamilySpec, shape: ModelShape, dropoutRng: Rng): LayersModel {
  const input = tf.input({ shape: [shape.lookback, shape.features], name: 'window' });
  const output = spec.family === 'mlp' ? mlp(tf, spec, shape, input, dropoutRng)
    : spec.family === 'linear' ? linear(tf, spec, shape, input)
      : nbeats(tf, spec, shape, input);
  return tf.model({ inputs: input, outputs: output, name: `seqpipe_${spec.family}` });
}

const dense = (tf: Tf, name: string, units: number, activation = 'linear', useBias = true) =>
  tf.layers.dense({ units, activation: activation as Activation, useBias, name, kernelInitializer: 'zeros', biasInitializer: 'zeros' });
const basis = (tf: Tf, name: string, units: number) =>
  tf.layers.dense({ units, useBias: false, trainable: false, name, kernelInitializer: 'zeros' });
const negate = (tf: Tf, name: string) => tf.layers.rescaling({ scale: -1, offset: 0, name });
const apply = (layer: { apply(x: Sym | Sym[]): unknown }, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;

function mlp(tf: Tf, spec: MlpModelSpec, shape: ModelShape, input: Sym, rng: Rng): Sym {
  let x = apply(tf.layers.flatten({ name: 'flatten' }), input);
  spec.layers.forEach((l, i) => {
    x = apply(dense(tf, DENSE_LAYER_NAME(i), l.units, l.activation), x);
    if (spec.dropout > 0) x = apply(seededDropout(tf, tf.layers.dropout({ rate: spec.dropout, name: `dropout_${i}` }), spec.dropout, rng), x);
  });
  return apply(dense(tf, FAMILY_HEAD, shape.outputs, spec.head.activation), x);
}

function linear(tf: Tf, spec: LinearModelSpec, shape: ModelShape, input: Sym): Sym {
  if (!spec.decomposition) return apply(dense(tf, FAMILY_HEAD, shape.outputs), apply(tf.layers.flatten({ name: 'flatten' }), input));
  // The moving average runs along time for each feature: [L, F] → [F, L] → Dense(L) → [L, F].
  const timeLast = apply(tf.layers.permute({ dims: [2, 1], name: 'time_last' }), input);
  const trend = apply(tf.layers.permute({ dims: [2, 1], name: 'trend_steps' }), apply(basis(tf, LINEAR_TREND, shape.lookback), timeLast));
  const remainder = apply(tf.layers.add({ name: 'remainder' }), [input, apply(negate(tf, 'minus_trend'), trend)]);
  const t = apply(dense(tf, LINEAR_TREND_HEAD, shape.outputs), apply(tf.layers.flatten({ name: 'flatten_trend' }), trend));
  const r = apply(dense(tf, LINEAR_REMAINDER_HEAD, shape.outputs), apply(tf.layers.flatten({ name: 'flatten_remainder' }), remainder));
  return apply(tf.layers.add({ name: 'forecast' }), [t, r]);
}

interface GroupLayers {
  readonly fc: { apply(x: Sym): unknown }[];
  readonly backcast?: readonly [{ apply(x: Sym): unknown }, { apply(x: Sym): unknown }];
  readonly forecast: readonly [{ apply(x: Sym): unknown }, { apply(x: Sym): unknown }];
}

function nbeats(tf: Tf, spec: NbeatsModelSpec, shape: ModelShape, input: Sym): Sym {
  const plan = nbeatsPlan(spec, shape);
  // One set of layers per group: applying it in several blocks shares its weights.
  const layers = new Map<NbeatsGroup, GroupLayers>();
  for (const g of plan.groups) {
    const generic = g.stack.type === 'generic';
    const side = (s: 'b' | 'f', theta: number, width: number, part: string) => [
      dense(tf, nbeatsLayer(g, `theta_${s}`), theta, 'linear', false),
      generic ? dense(tf, nbeatsLayer(g, part), width) : basis(tf, nbeatsLayer(g, part), width),
    ] as const;
    layers.set(g, {
      fc: Array.from({ length: g.stack.layers }, (_, k) => dense(tf, nbeatsLayer(g, `fc${k}`), g.stack.units, 'relu')),
      ...(g.backcast ? { backcast: side('b', g.thetaB, plan.inputs, 'backcast') } : {}),
      forecast: side('f', g.thetaF, shape.outputs, 'forecast'),
    });
  }
  let x = apply(tf.layers.flatten({ name: 'flatten' }), input);
  const forecasts: Sym[] = [];
  for (const block of plan.blocks) {
    const l = layers.get(block.group)!;
    const h = l.fc.reduce((a, layer) => apply(layer, a), x);
    forecasts.push(apply(l.forecast[1], apply(l.forecast[0], h)));
    if (block.last) break;
    // Doubly residual: the next block sees what this one's backcast did not explain.
    const back = apply(l.backcast![1], apply(l.backcast![0], h));
    x = apply(tf.layers.add({ name: `${block.name}_residual` }), [x, apply(negate(tf, `${block.name}_minus_backcast`), back)]);
  }
  return forecasts.length === 1 ? forecasts[0]! : apply(tf.layers.add({ name: 'forecast' }), forecasts);
}

/** A stock Dropout layer whose training-time mask is x · keep / (1 − rate) with keep drawn from `rng`. */
function seededDropout<L extends object>(tf: Tf, layer: L, rate: number, rng: Rng): L {
  const scale = 1 / (1 - rate);
  (layer as unknown as { call: (inputs: Tensor | Tensor[], kwargs: { training?: boolean }) => Tensor }).call = (inputs, kwargs) => {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training !== true) return x;
    const mask = new Float32Array(x.size);
    for (let i = 0; i < mask.length; i++) mask[i] = rng.next() < rate ? 0 : scale;
    return tf.tidy(() => tf.mul(x, tf.tensor(mask, x.shape)));
  };
  return layer;
}
