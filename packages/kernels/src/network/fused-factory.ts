/**
 * Which fused network trains a spec: the recurrent FusedNetwork (model/rnn) or the Dense one
 * (model/mlp, model/linear) or N-BEATS (model/nbeats). All have the same surface (load, masks,
 * trainStep, forward, loss, backward, optimizer) and lay out their arrays the same way, so fusedFit,
 * ChunkedNetwork (16-row chunks sharing one set of parameters, on worker threads) and the fused
 * forecaster take any.
 */
import { isRecurrentSpec, type ModelSpec } from '@seqpipe/core';
import { denseLayout, isFusedDenseSpec, type DenseNetworkLayout } from './dense-layout.js';
import { denseArrays, denseMaskSlots, FusedDenseNetwork, type DenseArrays } from './dense-network.js';
import { FusedNetwork, networkArrays, recurrentMaskSlots, type NetworkArrays } from './fused-network.js';
import { networkLayout, type NetworkLayout, type NetworkShape, type TensorSlot } from './layout.js';
import type { MaskSlot } from './masks.js';
import { nbeatsLayout, type NbeatsNetworkLayout } from './nbeats-layout.js';
import { FusedNbeatsNetwork, nbeatsArrays, type NbeatsArrays } from './nbeats-network.js';
import type { AdamKernel, Allocate, Gemm } from '../wasm/arena.js';

export type FusedLayout = NetworkLayout | DenseNetworkLayout | NbeatsNetworkLayout;
export type FusedTrainable = FusedNetwork | FusedDenseNetwork | FusedNbeatsNetwork;
export type FusedArrays = NetworkArrays | DenseArrays | NbeatsArrays;

export const isDenseLayout = (layout: FusedLayout): layout is DenseNetworkLayout => 'kind' in layout && layout.kind === 'dense';
export const isNbeatsLayout = (layout: FusedLayout): layout is NbeatsNetworkLayout => 'kind' in layout && layout.kind === 'nbeats';

/** Throws UnsupportedActivationError for an activation outside the fused set, and for a spec it cannot train. */
export function fusedLayout(spec: ModelSpec, shape: NetworkShape): FusedLayout {
  if (isRecurrentSpec(spec)) return networkLayout(spec, shape);
  if (isFusedDenseSpec(spec)) return denseLayout(spec, shape);
  return nbeatsLayout(spec, shape);
}

/** A network's arrays for `capacity` rows; `shared` parameters and Adam moments are used, not allocated. */
export function fusedArrays(
  layout: FusedLayout, capacity: number, alloc: Allocate, shared?: { readonly params: Float32Array; readonly moments: readonly [Float32Array, Float32Array] },
): FusedArrays {
  if (isDenseLayout(layout)) return denseArrays(layout, capacity, alloc, shared);
  if (isNbeatsLayout(layout)) return nbeatsArrays(layout, capacity, alloc, shared);
  return networkArrays(layout, capacity, alloc, shared);
}

/**
 * `arena`: arrays fusedArrays laid out for this layout in a WASM memory (a chunk of a
 * ChunkedNetwork); `params` may then be undefined (left as they are).
 */
export function createFusedNetwork(
  layout: FusedLayout, params: ArrayLike<number> | undefined, capacity: number, kernels?: Uint8Array,
  arena?: { readonly arrays: FusedArrays; readonly gemm: Gemm; readonly adam: AdamKernel },
): FusedTrainable {
  if (isDenseLayout(layout)) return new FusedDenseNetwork(layout, params, capacity, kernels, arena as { arrays: DenseArrays; gemm: Gemm; adam: AdamKernel } | undefined);
  if (isNbeatsLayout(layout)) return new FusedNbeatsNetwork(layout, params, capacity, kernels, arena as { arrays: NbeatsArrays; gemm: Gemm; adam: AdamKernel } | undefined);
  return new FusedNetwork(layout, params, capacity, kernels, arena as { arrays: NetworkArrays; gemm: Gemm; adam: AdamKernel } | undefined);
}

/** The network's dropout masks in draw order (masks.ts). */
export function maskSlots(layout: FusedLayout): readonly MaskSlot[] {
  if (isDenseLayout(layout)) return denseMaskSlots(layout);
  if (isNbeatsLayout(layout)) return [];
  return recurrentMaskSlots(layout);
}

/** Multiply-adds of one row's forward products (backward is about twice): the threads' yardstick. */
export function forwardWork(layout: FusedLayout): number {
  const maps = (ms: readonly { readonly inputDim: number; readonly units: number }[]): number => ms.reduce((s, m) => s + m.inputDim * m.units, 0);
  if (isDenseLayout(layout)) {
    const d = layout.decomposition;
    return maps(layout.layers) + (d ? layout.lookback * layout.lookback * layout.features + maps([d.remainder]) : 0);
  }
  if (isNbeatsLayout(layout)) {
    return layout.blocks.reduce((s, { group: g, last }) =>
      s + maps([...g.fc, g.thetaF, g.forecast, ...(!last && g.thetaB && g.backcast ? [g.thetaB, g.backcast] : [])]), 0);
  }
  return layout.layers.reduce((s, l) => s + l.gates * l.units * (l.inputDim + l.units), 0) * layout.lookback;
}

/**
 * The tensors training changes: all but the fixed ones (DLinear's moving average, N-BEATS's
 * trend and seasonality bases), which the layers engine builds as non-trainable weights. Their
 * gradient is zero, so only weight decay needs telling.
 */
export function trainableTensors(layout: FusedLayout): readonly TensorSlot[] {
  const fixed = new Set<string>();
  if (isDenseLayout(layout) && layout.decomposition) fixed.add(layout.decomposition.trend.name);
  if (isNbeatsLayout(layout)) {
    for (const { group: g } of layout.blocks) {
      for (const m of [...g.fc, g.thetaF, g.forecast, ...(g.thetaB ? [g.thetaB] : []), ...(g.backcast ? [g.backcast] : [])]) if (m.fixed) fixed.add(m.kernel.name);
    }
  }
  return layout.tensors.filter((t) => !fixed.has(t.name));
}
