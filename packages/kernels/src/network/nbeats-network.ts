/**
 * model/nbeats in the fused engine: doubly residual blocks (relu FC stack → θ → backcast and
 * forecast maps) over one flat Float32Array of parameters (nbeats-layout.ts), with the same float32
 * matrix products (WASM f32x4) and Adam as the other fused networks and the same surface, so
 * fusedFit, ChunkedNetwork (16-row chunks on worker threads) and the fused forecaster drive it.
 * Shared weights need nothing special: each block's gradient adds into its group's slots. Fixed
 * bases get no gradient.
 */
import type { Rng } from '@seqpipe/core';
import { scaleByDerivative } from './activations.js';
import type { Masked, MaskSlot } from './masks.js';
import { outputLoss, type LossKind } from './output-loss.js';
import type { LinearMap, NbeatsNetworkLayout } from './nbeats-layout.js';
import { createFusedOptimizer, WasmAdam, type FusedOptimizer, type OptimizerName } from '../training/optimizers.js';
import { networkArena, type AdamKernel, type Allocate, type Gemm } from '../wasm/arena.js';

interface BlockBufs {
  /** The block's input: the window for block 0, the previous residual after. */
  readonly x: Float32Array;
  readonly z: Float32Array[];
  readonly h: Float32Array[];
  readonly thetaB: Float32Array;
  readonly thetaF: Float32Array;
}

/** Everything one N-BEATS network (or one chunk of a batch) works in; params and moments may be another's. */
export interface NbeatsArrays {
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly moments: readonly [Float32Array, Float32Array];
  readonly bufs: BlockBufs[];
  readonly back: Float32Array;
  readonly out: Float32Array;
  readonly target: Float32Array;
  readonly dOut: Float32Array;
  readonly dh: [Float32Array, Float32Array];
  readonly dt: Float32Array;
  readonly dx: [Float32Array, Float32Array];
  readonly ones: Float32Array;
}

/** Allocates an N-BEATS network's arrays for `capacity` rows; `shared` parameters and moments are used, not allocated. */
export function nbeatsArrays(
  layout: NbeatsNetworkLayout, capacity: number, alloc: Allocate, shared?: Pick<NbeatsArrays, 'params' | 'moments'>,
): NbeatsArrays {
  const D = layout.lookback * layout.features;
  const W = layout.widest;
  return {
    params: shared?.params ?? alloc(layout.size),
    grads: alloc(layout.size),
    moments: shared?.moments ?? [alloc(layout.size), alloc(layout.size)],
    bufs: layout.blocks.map(({ group: g }) => ({
      x: alloc(capacity * D),
      z: g.fc.map((l) => alloc(capacity * l.units)),
      h: g.fc.map((l) => alloc(capacity * l.units)),
      thetaB: alloc(capacity * (g.thetaB?.units ?? 0)),
      thetaF: alloc(capacity * g.thetaF.units),
    })),
    back: alloc(capacity * D),
    out: alloc(capacity * layout.outputs),
    target: alloc(capacity * layout.outputs),
    dOut: alloc(capacity * layout.outputs),
    dh: [alloc(capacity * W), alloc(capacity * W)],
    dt: alloc(capacity * W),
    dx: [alloc(capacity * D), alloc(capacity * D)],
    ones: alloc(capacity),
  };
}

export class FusedNbeatsNetwork implements Masked {
  /** N-BEATS has no dropout. */
  readonly maskSlots: readonly MaskSlot[] = [];
  readonly params: Float32Array;
  readonly grads: Float32Array;
  private readonly mm: Gemm;
  private readonly adam: AdamKernel;
  private readonly moments: readonly [Float32Array, Float32Array];
  private readonly bufs: BlockBufs[];
  private readonly back: Float32Array;
  private readonly out: Float32Array;
  private readonly target: Float32Array;
  private readonly dOut: Float32Array;
  /** Gradient work: two of the widest layer, the θ gradient, two of the input width. */
  private readonly dh: [Float32Array, Float32Array];
  private readonly dt: Float32Array;
  private readonly dx: [Float32Array, Float32Array];
  private readonly ones: Float32Array;

  /**
   * `kernels`: another build of wasm/gemm.wat (benchmarks). `arena`: arrays already laid out in a
   * WASM memory (a chunk of a ChunkedNetwork, sharing its parameters); `params` are then left as
   * they are when undefined.
   */
  constructor(
    readonly layout: NbeatsNetworkLayout, params: ArrayLike<number> | undefined, readonly capacity: number, kernels?: Uint8Array,
    arena?: { readonly arrays: NbeatsArrays; readonly gemm: Gemm; readonly adam: AdamKernel },
  ) {
    const { value, gemm, adam } = networkArena(layout.size, params, (alloc) => nbeatsArrays(layout, capacity, alloc), kernels, arena);
    this.mm = gemm;
    this.adam = adam;
    ({ params: this.params, grads: this.grads, moments: this.moments, bufs: this.bufs, back: this.back, out: this.out } = value);
    ({ target: this.target, dOut: this.dOut, dh: this.dh, dt: this.dt, dx: this.dx, ones: this.ones } = value);
    this.ones.fill(1);
  }

  load(x: Float32Array, y: Float32Array | undefined, order: Int32Array | undefined, from: number, to: number): number {
    const { lookback: T, features: F, outputs: O } = this.layout;
    const B = to - from;
    if (B > this.capacity) throw new Error(`batch of ${B} exceeds the capacity ${this.capacity}`);
    const per = T * F;
    const x0 = this.bufs[0]!.x;
    for (let b = 0; b < B; b++) {
      const row = order ? order[from + b]! : from + b;
      for (let k = 0; k < per; k++) x0[b * per + k] = x[row * per + k]!;
      if (y) for (let o = 0; o < O; o++) this.target[b * O + o] = y[row * O + o]!;
    }
    return B;
  }

  drawMasks(_rng: Rng, _B: number): void {}
  clearMasks(): void {}
  maskArray(slot: number): Float32Array {
    throw new RangeError(`N-BEATS has no mask ${slot}`);
  }
  setMaskFlags(_flags: ArrayLike<number>): void {}

  /** Forward, loss and backward on the loaded batch: `grads` then hold ∂loss/∂params; returns the loss. */
  trainStep(B: number, kind: LossKind, quantiles?: readonly number[], count = B * this.layout.outputs): number {
    this.forward(B, true);
    const loss = this.loss(B, kind, quantiles, count);
    this.backward(B);
    return loss;
  }

  /** out = input · kernel (+ bias), activated; `accumulate` adds into `out` instead. */
  private linear(m: LinearMap, B: number, input: Float32Array, out: Float32Array, accumulate = false): void {
    const p = this.params;
    const U = m.units;
    if (!accumulate) {
      if (m.bias) this.mm.copyRows(B, U, p, m.bias.offset, 0, out, 0, U);
      else out.fill(0, 0, B * U);
    } else if (m.bias) for (let b = 0; b < B; b++) for (let j = 0; j < U; j++) out[b * U + j]! += p[m.bias.offset + j]!;
    this.mm.mulAcc(B, m.inputDim, U, input, 0, m.inputDim, p, m.kernel.offset, U, out, 0, U);
  }

  forward(B: number, _training: boolean): Float32Array {
    const D = this.layout.lookback * this.layout.features;
    this.out.fill(0, 0, B * this.layout.outputs);
    this.layout.blocks.forEach(({ group: g, last }, k) => {
      const w = this.bufs[k]!;
      let input = w.x;
      g.fc.forEach((l, j) => {
        this.linear(l, B, input, w.z[j]!);
        this.mm.activate(l.activation, w.z[j]!, 0, w.h[j]!, 0, B * l.units);
        input = w.h[j]!;
      });
      this.linear(g.thetaF, B, input, w.thetaF);
      this.linear(g.forecast, B, w.thetaF, this.out, true);
      if (last) return;
      this.linear(g.thetaB!, B, input, w.thetaB);
      this.linear(g.backcast!, B, w.thetaB, this.back);
      const next = this.bufs[k + 1]!.x;
      for (let i = 0; i < B * D; i++) next[i] = w.x[i]! - this.back[i]!;
    });
    return this.out;
  }

  /** Mean loss over the batch's outputs (`count`: the denominator for a chunk of a batch); leaves ∂loss/∂output for `backward`. */
  loss(B: number, kind: LossKind, quantiles?: readonly number[], count = B * this.layout.outputs): number {
    return outputLoss(this.out, this.target, B * this.layout.outputs, this.dOut, kind, quantiles, count);
  }

  /** Gradients of a linear map given ∂loss/∂out `d`: kernel (unless fixed) and bias; `dIn` += d · kernelᵀ when given. */
  private linearBack(m: LinearMap, B: number, input: Float32Array, d: Float32Array, dIn?: Float32Array): void {
    const g = this.grads;
    const U = m.units;
    if (!m.fixed) this.mm.mulAccTransA(B, m.inputDim, U, input, 0, m.inputDim, d, 0, U, g, m.kernel.offset, U);
    if (m.bias) this.mm.mulAccTransA(B, 1, U, this.ones, 0, 1, d, 0, U, g, m.bias.offset, U);
    if (dIn) this.mm.mulAccTransB(B, m.inputDim, U, d, 0, U, this.params, m.kernel.offset, U, dIn, 0, m.inputDim);
  }

  backward(B: number): void {
    const D = this.layout.lookback * this.layout.features;
    this.grads.fill(0);
    let [dxNext, dxHere] = this.dx;
    const blocks = this.layout.blocks;
    for (let k = blocks.length - 1; k >= 0; k--) {
      const { group: g, last } = blocks[k]!;
      const w = this.bufs[k]!;
      const top = g.fc.length - 1;
      let [dh, tmp] = this.dh;
      dh.fill(0, 0, B * g.fc[top]!.units);
      // Forecast branch: every block's forecast is summed into the output.
      this.dt.fill(0, 0, B * g.thetaF.units);
      this.linearBack(g.forecast, B, w.thetaF, this.dOut, this.dt);
      this.linearBack(g.thetaF, B, w.h[top]!, this.dt, dh);
      if (!last) {
        // Backcast branch: x_{k+1} = x_k − backcast_k.
        for (let i = 0; i < B * D; i++) this.back[i] = -dxNext[i]!;
        this.dt.fill(0, 0, B * g.thetaB!.units);
        this.linearBack(g.backcast!, B, w.thetaB, this.back, this.dt);
        this.linearBack(g.thetaB!, B, w.h[top]!, this.dt, dh);
      }
      for (let j = top; j >= 0; j--) {
        const l = g.fc[j]!;
        scaleByDerivative(l.activation, w.z[j]!, w.h[j]!, 0, dh, 0, B * l.units);
        const input = j === 0 ? w.x : w.h[j - 1]!;
        if (j === 0) {
          if (k === 0) { this.linearBack(l, B, input, dh); break; }
          // The residual passes ∂loss/∂x_{k+1} straight through; the block adds its own.
          if (last) dxHere.fill(0, 0, B * D);
          else for (let i = 0; i < B * D; i++) dxHere[i] = dxNext[i]!;
          this.linearBack(l, B, input, dh, dxHere);
        } else {
          tmp.fill(0, 0, B * l.inputDim);
          this.linearBack(l, B, input, dh, tmp);
          [dh, tmp] = [tmp, dh];
        }
      }
      [dxNext, dxHere] = [dxHere, dxNext];
    }
  }

  createOptimizer(name: OptimizerName, learningRate: number): FusedOptimizer {
    if (name !== 'adam') return createFusedOptimizer(name, learningRate, this.layout.size);
    this.moments[0].fill(0);
    this.moments[1].fill(0);
    return new WasmAdam(this.adam, learningRate, this.moments[0], this.moments[1]);
  }
}
