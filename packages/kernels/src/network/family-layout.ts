/**
 * The weights of the dense families (model/mlp, model/linear, model/nbeats): names (tfjs layer
 * name + '/kernel' or '/bias'), Keras shapes, and how each starts (glorot_uniform kernels, zero
 * biases, fixed bases). The tfjs package builds layers with these names (build-family.ts) and the
 * seeded initial weights are drawn in this order, so both sides agree on every value for a seed.
 * Heads are sized from `shape.outputs` only (a quantile loss widens it).
 */
import type { LinearModelSpec, MlpModelSpec, ModelSpec, NbeatsModelSpec, NbeatsStackSpec } from '@seqpipe/core';
import { backcastTimes, forecastTimes, movingAverageKernel, seasonalityBasis, trendBasis } from './family-bases.js';
import type { NetworkShape } from './layout.js';

export interface FamilySlot {
  readonly name: string;
  readonly shape: readonly number[];
  /** 'fixed' weights are non-trainable and take `values`. */
  readonly init: 'glorot' | 'zeros' | 'fixed';
  readonly values?: Float32Array;
}

export const DENSE_LAYER_NAME = (i: number): string => `dense_${i}`;
export const FAMILY_HEAD = 'head';

const dense = (name: string, inputs: number, units: number, bias = true): FamilySlot[] => [
  { name: `${name}/kernel`, shape: [inputs, units], init: 'glorot' },
  ...(bias ? [{ name: `${name}/bias`, shape: [units], init: 'zeros' as const }] : []),
];
const fixed = (name: string, inputs: number, units: number, values: Float32Array): FamilySlot =>
  ({ name: `${name}/kernel`, shape: [inputs, units], init: 'fixed', values });

export function mlpTensors(spec: MlpModelSpec, shape: NetworkShape): FamilySlot[] {
  let inputs = shape.lookback * shape.features;
  const out: FamilySlot[] = [];
  spec.layers.forEach((l, i) => {
    out.push(...dense(DENSE_LAYER_NAME(i), inputs, l.units));
    inputs = l.units;
  });
  return [...out, ...dense(FAMILY_HEAD, inputs, shape.outputs)];
}

export const LINEAR_TREND = 'trend';
export const LINEAR_TREND_HEAD = 'trend_head';
export const LINEAR_REMAINDER_HEAD = 'remainder_head';

export function linearTensors(spec: LinearModelSpec, shape: NetworkShape): FamilySlot[] {
  const inputs = shape.lookback * shape.features;
  if (!spec.decomposition) return dense(FAMILY_HEAD, inputs, shape.outputs);
  return [
    fixed(LINEAR_TREND, shape.lookback, shape.lookback, movingAverageKernel(spec.decomposition.kernel, shape.lookback)),
    ...dense(LINEAR_TREND_HEAD, inputs, shape.outputs),
    ...dense(LINEAR_REMAINDER_HEAD, inputs, shape.outputs),
  ];
}

/** One set of block weights: a block's own, or a whole stack's when weights are shared. */
export interface NbeatsGroup {
  readonly prefix: string;
  readonly stack: NbeatsStackSpec;
  /** Whether any block using it feeds a later block (the last block's backcast is never used). */
  readonly backcast: boolean;
  /** θ width per side: generic `thetas`; trend/seasonality coefficients × channels. */
  readonly thetaB: number;
  readonly thetaF: number;
}
export interface NbeatsBlock {
  readonly name: string;
  readonly group: NbeatsGroup;
  readonly last: boolean;
}
export interface NbeatsPlan {
  readonly groups: readonly NbeatsGroup[];
  readonly blocks: readonly NbeatsBlock[];
  /** Backcast width: the flattened window, lookback × features. */
  readonly inputs: number;
  /** Forecast channels per step: outputs / horizon. */
  readonly channels: number;
  readonly horizon: number;
}

const coefficients = (s: NbeatsStackSpec): number =>
  s.type === 'trend' ? (s.degree ?? NBEATS_DEFAULTS.degree) + 1 : 2 * (s.harmonics ?? NBEATS_DEFAULTS.harmonics) + 1;

export const NBEATS_DEFAULTS = { blocks: 3, layers: 4, units: 64, thetas: 8, degree: 2, harmonics: 3 } as const;

export function nbeatsPlan(spec: NbeatsModelSpec, shape: NetworkShape): NbeatsPlan {
  if (spec.stacks.length === 0) throw new Error('model/nbeats needs at least one stack');
  const horizon = shape.horizon;
  if (horizon === undefined || horizon < 1 || shape.outputs % horizon !== 0) {
    throw new Error(`model/nbeats needs the horizon, and outputs (${shape.outputs}) a multiple of it (${String(horizon)})`);
  }
  const channels = shape.outputs / horizon;
  const inputs = shape.lookback * shape.features;
  const total = spec.stacks.reduce((n, s) => n + s.blocks, 0);
  const groups: NbeatsGroup[] = [];
  const blocks: NbeatsBlock[] = [];
  let index = 0;
  spec.stacks.forEach((stack, i) => {
    const widths = stack.type === 'generic'
      ? { thetaB: stack.thetas ?? NBEATS_DEFAULTS.thetas, thetaF: stack.thetas ?? NBEATS_DEFAULTS.thetas }
      : { thetaB: coefficients(stack) * shape.features, thetaF: coefficients(stack) * channels };
    const lastIndex = index + stack.blocks - 1;
    const shared: NbeatsGroup | undefined = spec.sharedWeights
      ? { prefix: `s${i}`, stack, backcast: lastIndex < total - 1 || stack.blocks > 1, ...widths }
      : undefined;
    if (shared) groups.push(shared);
    for (let j = 0; j < stack.blocks; j++, index++) {
      const name = `s${i}_b${j}`;
      const last = index === total - 1;
      const group = shared ?? { prefix: name, stack, backcast: !last, ...widths };
      if (!shared) groups.push(group);
      blocks.push({ name, group, last });
    }
  });
  return { groups, blocks, inputs, channels, horizon };
}

export const nbeatsLayer = (g: NbeatsGroup, part: string): string => `${g.prefix}_${part}`;

export function nbeatsTensors(spec: NbeatsModelSpec, shape: NetworkShape): FamilySlot[] {
  const plan = nbeatsPlan(spec, shape);
  const out: FamilySlot[] = [];
  for (const g of plan.groups) {
    const { stack } = g;
    let inputs = plan.inputs;
    for (let k = 0; k < stack.layers; k++) {
      out.push(...dense(nbeatsLayer(g, `fc${k}`), inputs, stack.units));
      inputs = stack.units;
    }
    const sides = [
      ...(g.backcast ? [{ side: 'b', theta: g.thetaB, width: plan.inputs, taus: backcastTimes(shape.lookback), channels: shape.features }] : []),
      { side: 'f', theta: g.thetaF, width: shape.outputs, taus: forecastTimes(plan.horizon), channels: plan.channels },
    ];
    for (const s of sides) {
      out.push(...dense(nbeatsLayer(g, `theta_${s.side}`), stack.units, s.theta, false));
      const basis = s.side === 'b' ? 'backcast' : 'forecast';
      if (stack.type === 'generic') out.push(...dense(nbeatsLayer(g, basis), s.theta, s.width));
      else {
        const values = stack.type === 'trend'
          ? trendBasis(stack.degree ?? NBEATS_DEFAULTS.degree, shape.lookback, s.taus, s.channels)
          : seasonalityBasis(stack.harmonics ?? NBEATS_DEFAULTS.harmonics, stack.period ?? shape.lookback, s.taus, s.channels);
        out.push(fixed(nbeatsLayer(g, basis), s.theta, s.width, values));
      }
    }
  }
  return out;
}

/** Every weight of a dense-family spec, in the order initial weights are drawn. */
export function familyTensors(spec: Exclude<ModelSpec, { family?: 'rnn' }>, shape: NetworkShape): FamilySlot[] {
  switch (spec.family) {
    case 'mlp': return mlpTensors(spec, shape);
    case 'linear': return linearTensors(spec, shape);
    case 'nbeats': return nbeatsTensors(spec, shape);
  }
}
