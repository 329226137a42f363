/**
 * The fused engine's layout of model/mlp and model/linear: Dense layers on the flattened window
 * (lookback × features, row-major as tfjs's Flatten), over the flat parameters in the family
 * layout's order (family-layout.ts), so initial weights and exported weights line up with the
 * layers engine. DLinear's moving-average kernel is a parameter too (it is a weight of the tfjs
 * model) but never trained: its gradient is zero, which leaves it unchanged under every optimizer.
 */
import type { LinearModelSpec, MlpModelSpec } from '@seqpipe/core';
import { activationCode, type ActivationCode } from './activations.js';
import { DENSE_LAYER_NAME, FAMILY_HEAD, familyTensors, LINEAR_REMAINDER_HEAD, LINEAR_TREND, LINEAR_TREND_HEAD } from './family-layout.js';
import type { NetworkShape, TensorSlot } from './layout.js';

export interface DenseLayerLayout {
  readonly inputDim: number;
  readonly units: number;
  readonly activation: ActivationCode;
  readonly kernel: TensorSlot;
  readonly bias: TensorSlot;
}

export interface DenseNetworkLayout extends NetworkShape {
  readonly kind: 'dense';
  /** Hidden layers then the head (the head last), each reading the one before. */
  readonly layers: readonly DenseLayerLayout[];
  /** Dropout after each hidden layer (not the head). */
  readonly dropout: number;
  /** DLinear: the fixed [L, L] moving average and the remainder's head (`layers` is then the trend's head). */
  readonly decomposition?: { readonly trend: TensorSlot; readonly remainder: DenseLayerLayout };
  readonly tensors: readonly TensorSlot[];
  readonly size: number;
}

export type DenseFamilySpec = MlpModelSpec | LinearModelSpec;

export function isFusedDenseSpec(spec: { readonly family?: string }): spec is DenseFamilySpec {
  return spec.family === 'mlp' || spec.family === 'linear';
}

/** Throws UnsupportedActivationError when an activation is outside the fused set. */
export function denseLayout(spec: DenseFamilySpec, shape: NetworkShape): DenseNetworkLayout {
  let offset = 0;
  const tensors: TensorSlot[] = familyTensors(spec, shape).map((t) => {
    const size = t.shape.reduce((a, b) => a * b, 1);
    const slot = { name: t.name, shape: t.shape, offset, size };
    offset += size;
    return slot;
  });
  const slot = (name: string): TensorSlot => tensors.find((t) => t.name === name)!;
  const layer = (name: string, activation: string): DenseLayerLayout => {
    const kernel = slot(`${name}/kernel`);
    return { inputDim: kernel.shape[0]!, units: kernel.shape[1]!, activation: activationCode(activation), kernel, bias: slot(`${name}/bias`) };
  };
  const base = { ...shape, kind: 'dense' as const, tensors, size: offset };
  if (spec.family === 'mlp') {
    const layers = [...spec.layers.map((l, i) => layer(DENSE_LAYER_NAME(i), l.activation)), layer(FAMILY_HEAD, spec.head.activation)];
    return { ...base, layers, dropout: spec.dropout };
  }
  if (!spec.decomposition) return { ...base, layers: [layer(FAMILY_HEAD, 'linear')], dropout: 0 };
  return {
    ...base, layers: [layer(LINEAR_TREND_HEAD, 'linear')], dropout: 0,
    decomposition: { trend: slot(`${LINEAR_TREND}/kernel`), remainder: layer(LINEAR_REMAINDER_HEAD, 'linear') },
  };
}
