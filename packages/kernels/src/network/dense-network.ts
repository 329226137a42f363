/**
 * model/mlp and model/linear in the fused engine: Dense layers over one flat Float32Array of
 * parameters (dense-layout.ts), forward, loss and backpropagation into a flat gradient, with the
 * same float32 matrix products (WASM f32x4) and Adam as the recurrent FusedNetwork, and the same
 * public surface, so fusedFit, ChunkedNetwork (16-row chunks on worker threads) and the fused
 * forecaster drive either.
 */
import type { Rng } from '@seqpipe/core';
import { scaleByDerivative } from './activations.js';
import type { DenseLayerLayout, DenseNetworkLayout } from './dense-layout.js';
import { drawSlotMasks, type Masked, type MaskSlot } from './masks.js';
import { outputLoss, type LossKind } from './output-loss.js';
import { createFusedOptimizer, WasmAdam, type FusedOptimizer, type OptimizerName } from '../training/optimizers.js';
import { networkArena, type AdamKernel, type Allocate, type Gemm } from '../wasm/arena.js';

interface LayerBufs {
  /** Pre-activation [B][units]. */
  readonly z: Float32Array;
  /** Activation output [B][units]; for hidden layers with a mask, the masked output is in `o`. */
  readonly h: Float32Array;
  readonly o: Float32Array;
  readonly mask: Float32Array;
}

/** Everything one dense network (or one chunk of a batch) works in; params and moments may be another's. */
export interface DenseArrays {
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly moments: readonly [Float32Array, Float32Array];
  /** The batch's flattened windows [B][lookback · features]; DLinear's trend and remainder beside. */
  readonly x0: Float32Array;
  readonly trend: Float32Array;
  readonly remainder: Float32Array;
  readonly target: Float32Array;
  readonly bufs: LayerBufs[];
  readonly d: readonly [Float32Array, Float32Array];
  readonly ones: Float32Array;
}

/** Allocates a dense network's arrays for `capacity` rows; `shared` parameters and moments are used, not allocated. */
export function denseArrays(
  layout: DenseNetworkLayout, capacity: number, alloc: Allocate, shared?: Pick<DenseArrays, 'params' | 'moments'>,
): DenseArrays {
  const D = layout.lookback * layout.features;
  const widest = Math.max(D, ...layout.layers.map((l) => l.units));
  const split = layout.decomposition ? capacity * D : 0;
  return {
    params: shared?.params ?? alloc(layout.size),
    grads: alloc(layout.size),
    moments: shared?.moments ?? [alloc(layout.size), alloc(layout.size)],
    x0: alloc(capacity * D),
    trend: alloc(split),
    remainder: alloc(split),
    target: alloc(capacity * layout.outputs),
    bufs: layout.layers.map((l) => ({ z: alloc(capacity * l.units), h: alloc(capacity * l.units), o: alloc(capacity * l.units), mask: alloc(capacity * l.units) })),
    d: [alloc(capacity * widest), alloc(capacity * widest)],
    ones: alloc(capacity),
  };
}

/** One mask per hidden layer (not the head), [B][units]: the layers engine's Dropout layers, in order. */
export function denseMaskSlots(layout: DenseNetworkLayout): MaskSlot[] {
  return layout.layers.slice(0, -1).map((l) => ({ rate: layout.dropout, width: l.units, draws: 1 }));
}

export class FusedDenseNetwork implements Masked {
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly maskSlots: readonly MaskSlot[];
  private readonly mm: Gemm;
  private readonly adam: AdamKernel;
  private readonly moments: readonly [Float32Array, Float32Array];
  private readonly x0: Float32Array;
  private readonly trend: Float32Array;
  private readonly remainder: Float32Array;
  private readonly target: Float32Array;
  private readonly bufs: LayerBufs[];
  private readonly d: readonly [Float32Array, Float32Array];
  private readonly ones: Float32Array;
  private readonly dHead: Float32Array;
  private masked = false;
  private hasMasks = false;

  /**
   * `kernels`: another build of wasm/gemm.wat (benchmarks). `arena`: arrays already laid out in a
   * WASM memory (a chunk of a ChunkedNetwork, sharing its parameters); `params` are then left as
   * they are when undefined.
   */
  constructor(
    readonly layout: DenseNetworkLayout, params: ArrayLike<number> | undefined, readonly capacity: number, kernels?: Uint8Array,
    arena?: { readonly arrays: DenseArrays; readonly gemm: Gemm; readonly adam: AdamKernel },
  ) {
    const { value, gemm, adam } = networkArena(layout.size, params, (alloc) => denseArrays(layout, capacity, alloc), kernels, arena);
    this.mm = gemm;
    this.adam = adam;
    ({ params: this.params, grads: this.grads, moments: this.moments, x0: this.x0, trend: this.trend, remainder: this.remainder } = value);
    ({ target: this.target, bufs: this.bufs, d: this.d, ones: this.ones } = value);
    this.dHead = this.d[0];
    this.ones.fill(1);
    this.maskSlots = denseMaskSlots(layout);
  }

  /** Copies windows order[from..to) (or from..to) of x [n][T·F] and y [n][outputs]; returns the batch size. */
  load(x: Float32Array, y: Float32Array | undefined, order: Int32Array | undefined, from: number, to: number): number {
    const { lookback: T, features: F, outputs: O } = this.layout;
    const B = to - from;
    if (B > this.capacity) throw new Error(`batch of ${B} exceeds the capacity ${this.capacity}`);
    const per = T * F;
    for (let b = 0; b < B; b++) {
      const row = order ? order[from + b]! : from + b;
      for (let k = 0; k < per; k++) this.x0[b * per + k] = x[row * per + k]!;
      if (y) for (let o = 0; o < O; o++) this.target[b * O + o] = y[row * O + o]!;
    }
    return B;
  }

  /** Dropout masks for a training batch, hidden layer by layer, [B][units] each: the layers engine's draw order. */
  drawMasks(rng: Rng, B: number): void {
    drawSlotMasks(this, rng, B);
  }

  maskArray(slot: number): Float32Array {
    return this.bufs[slot]!.mask;
  }

  setMaskFlags(flags: ArrayLike<number>): void {
    // One rate for every hidden layer: the slots are all on or all off.
    this.hasMasks = this.maskSlots.length > 0 && flags[0] === 1;
  }

  clearMasks(): void {
    this.hasMasks = false;
  }

  /** Forward, loss and backward on the loaded batch: `grads` then hold ∂loss/∂params; returns the loss. */
  trainStep(B: number, kind: LossKind, quantiles?: readonly number[], count = B * this.layout.outputs): number {
    this.forward(B, true);
    const loss = this.loss(B, kind, quantiles, count);
    this.backward(B);
    return loss;
  }

  forward(B: number, training: boolean): Float32Array {
    const { layers } = this.layout;
    this.masked = training && this.hasMasks;
    if (this.layout.decomposition) return this.forwardDecomposed(B);
    let input = this.x0;
    layers.forEach((l, i) => {
      const w = this.bufs[i]!;
      this.dense(l, B, input, w);
      if (this.masked && i < layers.length - 1) {
        for (let k = 0; k < B * l.units; k++) w.o[k] = w.h[k]! * w.mask[k]!;
        input = w.o;
      } else input = w.h;
    });
    return this.bufs[layers.length - 1]!.h;
  }

  /** out = act(input · kernel + bias). */
  private dense(l: DenseLayerLayout, B: number, input: Float32Array, w: LayerBufs, accumulate = false): void {
    const p = this.params;
    const U = l.units;
    if (!accumulate) this.mm.copyRows(B, U, p, l.bias.offset, 0, w.z, 0, U);
    else for (let b = 0; b < B; b++) for (let j = 0; j < U; j++) w.z[b * U + j]! += p[l.bias.offset + j]!;
    this.mm.mulAcc(B, l.inputDim, U, input, 0, l.inputDim, p, l.kernel.offset, U, w.z, 0, U);
    this.mm.activate(l.activation, w.z, 0, w.h, 0, B * U);
  }

  /** DLinear: trend = moving average along time per feature, remainder = x − trend, one head each, summed. */
  private forwardDecomposed(B: number): Float32Array {
    const { lookback: L, features: F, decomposition } = this.layout;
    const { trend: A, remainder: r } = decomposition!;
    const p = this.params;
    const D = L * F;
    this.trend.fill(0, 0, B * D);
    // Row b's window as [L][F]: trend[t, f] = Σ_s A[s, t] · x[s, f], a product with Aᵀ.
    for (let b = 0; b < B; b++) this.mm.mulAccTransA(L, L, F, p, A.offset, L, this.x0, b * D, F, this.trend, b * D, F);
    for (let k = 0; k < B * D; k++) this.remainder[k] = this.x0[k]! - this.trend[k]!;
    const w = this.bufs[0]!;
    this.dense(this.layout.layers[0]!, B, this.trend, w);
    // Both heads are linear: the remainder's adds into the same pre-activation.
    this.dense(r, B, this.remainder, w, true);
    return w.h;
  }

  /** Mean loss over the batch's outputs (`count`: the denominator for a chunk of a batch); leaves ∂loss/∂output for `backward`. */
  loss(B: number, kind: LossKind, quantiles?: readonly number[], count = B * this.layout.outputs): number {
    return outputLoss(this.bufs[this.layout.layers.length - 1]!.h, this.target, B * this.layout.outputs, this.dHead, kind, quantiles, count);
  }

  /** Overwrites `grads` with ∂loss/∂params for the last forward pass. */
  backward(B: number): void {
    const { layers, decomposition } = this.layout;
    const p = this.params;
    const g = this.grads;
    g.fill(0);
    const top = layers.length - 1;
    let [d, next] = this.d;
    scaleByDerivative(layers[top]!.activation, this.bufs[top]!.z, this.bufs[top]!.h, 0, d, 0, B * layers[top]!.units);
    if (decomposition) {
      this.weightGrads(layers[0]!, B, this.trend, d);
      this.weightGrads(decomposition.remainder, B, this.remainder, d);
      return;
    }
    for (let i = top; i >= 0; i--) {
      const l = layers[i]!;
      const below = i > 0 ? this.bufs[i - 1]! : undefined;
      this.weightGrads(l, B, below ? (this.masked ? below.o : below.h) : this.x0, d);
      if (!below) break;
      const n = B * l.inputDim;
      next.fill(0, 0, n);
      this.mm.mulAccTransB(B, l.inputDim, l.units, d, 0, l.units, p, l.kernel.offset, l.units, next, 0, l.inputDim);
      if (this.masked) for (let k = 0; k < n; k++) next[k]! *= below.mask[k]!;
      scaleByDerivative(layers[i - 1]!.activation, below.z, below.h, 0, next, 0, n);
      [d, next] = [next, d];
    }
  }

  private weightGrads(l: DenseLayerLayout, B: number, input: Float32Array, d: Float32Array): void {
    const g = this.grads;
    this.mm.mulAccTransA(B, l.inputDim, l.units, input, 0, l.inputDim, d, 0, l.units, g, l.kernel.offset, l.units);
    // Σ_b d[b, j], in order of b: a product with a column of ones.
    this.mm.mulAccTransA(B, 1, l.units, this.ones, 0, 1, d, 0, l.units, g, l.bias.offset, l.units);
  }

  createOptimizer(name: OptimizerName, learningRate: number): FusedOptimizer {
    if (name !== 'adam') return createFusedOptimizer(name, learningRate, this.layout.size);
    this.moments[0].fill(0);
    this.moments[1].fill(0);
    return new WasmAdam(this.adam, learningRate, this.moments[0], this.moments[1]);
  }
}
