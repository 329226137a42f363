/**
 * The fused engine's layout of model/nbeats: per weight group (a block, or a stack when weights
 * are shared) its fully connected relu layers, θ projections and backcast/forecast maps, over the
 * flat parameters in the family layout's order (family-layout.ts). Fixed bases (interpretable
 * stacks) are parameters too, never trained: their gradient stays zero.
 */
import type { NbeatsModelSpec } from '@seqpipe/core';
import { activationCode, type ActivationCode } from './activations.js';
import { familyTensors, nbeatsLayer, nbeatsPlan, type NbeatsGroup } from './family-layout.js';
import type { NetworkShape, TensorSlot } from './layout.js';

export interface LinearMap {
  readonly inputDim: number;
  readonly units: number;
  readonly activation: ActivationCode;
  readonly kernel: TensorSlot;
  readonly bias?: TensorSlot;
  /** A fixed basis: no gradient. */
  readonly fixed: boolean;
}

export interface NbeatsGroupLayout {
  readonly fc: readonly LinearMap[];
  readonly thetaB?: LinearMap;
  readonly backcast?: LinearMap;
  readonly thetaF: LinearMap;
  readonly forecast: LinearMap;
}

export interface NbeatsNetworkLayout extends NetworkShape {
  readonly kind: 'nbeats';
  readonly blocks: readonly { readonly group: NbeatsGroupLayout; readonly last: boolean }[];
  /** Widest activation of any layer (work buffers). */
  readonly widest: number;
  readonly tensors: readonly TensorSlot[];
  readonly size: number;
}

export function nbeatsLayout(spec: NbeatsModelSpec, shape: NetworkShape): NbeatsNetworkLayout {
  const plan = nbeatsPlan(spec, shape);
  const slots = familyTensors(spec, shape);
  const fixedNames = new Set(slots.filter((t) => t.init === 'fixed').map((t) => t.name));
  let offset = 0;
  const tensors: TensorSlot[] = slots.map((t) => {
    const size = t.shape.reduce((a, b) => a * b, 1);
    const slot = { name: t.name, shape: t.shape, offset, size };
    offset += size;
    return slot;
  });
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const map = (g: NbeatsGroup, part: string, activation = 'linear'): LinearMap => {
    const name = nbeatsLayer(g, part);
    const kernel = byName.get(`${name}/kernel`)!;
    const bias = byName.get(`${name}/bias`);
    return { inputDim: kernel.shape[0]!, units: kernel.shape[1]!, activation: activationCode(activation), kernel, ...(bias ? { bias } : {}), fixed: fixedNames.has(kernel.name) };
  };
  const groups = new Map(plan.groups.map((g) => [g, {
    fc: Array.from({ length: g.stack.layers }, (_, k) => map(g, `fc${k}`, 'relu')),
    ...(g.backcast ? { thetaB: map(g, 'theta_b'), backcast: map(g, 'backcast') } : {}),
    thetaF: map(g, 'theta_f'),
    forecast: map(g, 'forecast'),
  }]));
  const widest = Math.max(plan.inputs, shape.outputs, ...[...groups.values()].flatMap((g) => [...g.fc, g.thetaF, ...(g.thetaB ? [g.thetaB] : [])].map((m) => m.units)));
  return {
    ...shape, kind: 'nbeats', widest, tensors, size: offset,
    blocks: plan.blocks.map((b) => ({ group: groups.get(b.group)!, last: b.last })),
  };
}
