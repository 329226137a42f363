/**
 * Which fused network trains a spec: the recurrent FusedNetwork (model/rnn) or the Dense one
 * (model/mlp, model/linear) or N-BEATS (model/nbeats). All have the same surface, so fusedFit and
 * the fused forecaster take any.
 */
import { isRecurrentSpec, type ModelSpec } from '@seqpipe/core';
import { denseLayout, isFusedDenseSpec, type DenseNetworkLayout } from './dense-layout.js';
import { FusedDenseNetwork } from './dense-network.js';
import { FusedNetwork } from './fused-network.js';
import { networkLayout, type NetworkLayout, type NetworkShape } from './layout.js';
import { nbeatsLayout, type NbeatsNetworkLayout } from './nbeats-layout.js';
import { FusedNbeatsNetwork } from './nbeats-network.js';

export type FusedLayout = NetworkLayout | DenseNetworkLayout | NbeatsNetworkLayout;
export type FusedTrainable = FusedNetwork | FusedDenseNetwork | FusedNbeatsNetwork;

export const isDenseLayout = (layout: FusedLayout): layout is DenseNetworkLayout => 'kind' in layout && layout.kind === 'dense';
export const isNbeatsLayout = (layout: FusedLayout): layout is NbeatsNetworkLayout => 'kind' in layout && layout.kind === 'nbeats';

/** Throws UnsupportedActivationError for an activation outside the fused set, and for a spec it cannot train. */
export function fusedLayout(spec: ModelSpec, shape: NetworkShape): FusedLayout {
  if (isRecurrentSpec(spec)) return networkLayout(spec, shape);
  if (isFusedDenseSpec(spec)) return denseLayout(spec, shape);
  return nbeatsLayout(spec, shape);
}

export function createFusedNetwork(layout: FusedLayout, params: ArrayLike<number>, capacity: number, kernels?: Uint8Array): FusedTrainable {
  if (isDenseLayout(layout)) return new FusedDenseNetwork(layout, params, capacity, kernels);
  if (isNbeatsLayout(layout)) return new FusedNbeatsNetwork(layout, params, capacity, kernels);
  return new FusedNetwork(layout, params, capacity, kernels);
}
