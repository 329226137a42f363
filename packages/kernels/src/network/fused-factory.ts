/**
 * Which fused network trains a spec: the recurrent FusedNetwork (model/rnn) or the Dense one
 * (model/mlp, model/linear). Both have the same surface, so fusedFit and the fused forecaster
 * take either. model/nbeats has no fused implementation (the trainer's engine choice says so).
 */
import { isRecurrentSpec, type ModelSpec } from '@seqpipe/core';
import { denseLayout, isFusedDenseSpec, type DenseNetworkLayout } from './dense-layout.js';
import { FusedDenseNetwork } from './dense-network.js';
import { FusedNetwork } from './fused-network.js';
import { networkLayout, type NetworkLayout, type NetworkShape } from './layout.js';

export type FusedLayout = NetworkLayout | DenseNetworkLayout;
export type FusedTrainable = FusedNetwork | FusedDenseNetwork;

export const isDenseLayout = (layout: FusedLayout): layout is DenseNetworkLayout => 'kind' in layout && layout.kind === 'dense';

/** Throws UnsupportedActivationError for an activation outside the fused set, and for a spec it cannot train. */
export function fusedLayout(spec: ModelSpec, shape: NetworkShape): FusedLayout {
  if (isRecurrentSpec(spec)) return networkLayout(spec, shape);
  if (isFusedDenseSpec(spec)) return denseLayout(spec, shape);
  throw new Error(`the fused engine does not implement model/${spec.family}`);
}

export function createFusedNetwork(layout: FusedLayout, params: ArrayLike<number>, capacity: number, kernels?: Uint8Array): FusedTrainable {
  return isDenseLayout(layout) ? new FusedDenseNetwork(layout, params, capacity, kernels) : new FusedNetwork(layout, params, capacity, kernels);
}
