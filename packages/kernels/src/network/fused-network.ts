/**
 * A stacked recurrent network with a Dense head over one flat Float32Array of parameters:
 * forward (training or inference), loss, and backpropagation through time into one flat gradient
 * array laid out like the parameters. Work arrays are sized once for a batch capacity and live in
 * one WASM memory with the parameters, where the matrix products and Adam run (wasm/arena.ts).
 */
import type { Rng } from '@seqpipe/core';
import { scaleByDerivative } from './activations.js';
import { gruBackward, gruForward } from './gru.cell.js';
import { layerBuffers, type LayerBuffers } from './layer-buffers.js';
import type { LayerLayout, NetworkLayout } from './layout.js';
import { lstmBackward, lstmForward } from './lstm.cell.js';
import { simpleRnnBackward, simpleRnnForward } from './simple-rnn.cell.js';
import { drawSlotMasks, type Masked, type MaskSlot } from './masks.js';
import { outputLoss, type LossKind } from './output-loss.js';
import { createFusedOptimizer, WasmAdam, type FusedOptimizer, type OptimizerName } from '../training/optimizers.js';
import { networkArena, type AdamKernel, type Allocate, type Gemm } from '../wasm/arena.js';

/** quantile: the pinball loss (training/pinball.ts) over outputs laid out [..., Q]. */
export type { LossKind };
export { fillMask } from './masks.js';

/** Everything one network (or one chunk of a batch) works in; params and moments may be another's. */
export interface NetworkArrays {
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly moments: readonly [Float32Array, Float32Array];
  readonly bufs: LayerBuffers[];
  readonly x0: Float32Array;
  readonly target: Float32Array;
  readonly headA: Float32Array;
  readonly headY: Float32Array;
  readonly dHead: Float32Array;
  readonly ones: Float32Array;
}

/** Allocates a network's arrays for `capacity` rows; `shared` parameters and moments are used, not allocated. */
export function networkArrays(
  layout: NetworkLayout, capacity: number, alloc: Allocate, shared?: Pick<NetworkArrays, 'params' | 'moments'>,
): NetworkArrays {
  const { lookback: T, features: F, outputs: O } = layout;
  return {
    params: shared?.params ?? alloc(layout.size),
    grads: alloc(layout.size),
    moments: shared?.moments ?? [alloc(layout.size), alloc(layout.size)],
    bufs: layout.layers.map((l) => layerBuffers(l, T, capacity, alloc)),
    x0: alloc(T * capacity * F),
    target: alloc(capacity * O),
    headA: alloc(capacity * O),
    headY: alloc(capacity * O),
    dHead: alloc(capacity * O),
    ones: alloc(capacity),
  };
}

type Step = (l: LayerLayout, w: LayerBuffers, p: Float32Array, t: number, B: number, mm: Gemm) => void;
type BackStep = (l: LayerLayout, w: LayerBuffers, p: Float32Array, g: Float32Array, t: number, B: number, mm: Gemm) => void;
const FORWARD: Record<LayerLayout['cell'], Step> = { simpleRNN: simpleRnnForward, gru: gruForward, lstm: lstmForward };
const BACKWARD: Record<LayerLayout['cell'], BackStep> = { simpleRNN: simpleRnnBackward, gru: gruBackward, lstm: lstmBackward };

export class FusedNetwork implements Masked {
  /** The parameters, in tensor order; a copy of those given, living in the network's WASM memory. */
  readonly params: Float32Array;
  readonly grads: Float32Array;
  private readonly mm: Gemm;
  private readonly adam: AdamKernel;
  /** Adam's moment estimates, beside the parameters in WASM memory. */
  private readonly moments: readonly [Float32Array, Float32Array];
  private readonly bufs: LayerBuffers[];
  /** Batch inputs, time-major [T][B][features]. */
  private readonly x0: Float32Array;
  private readonly target: Float32Array;
  private readonly headA: Float32Array;
  private readonly headY: Float32Array;
  private readonly dHead: Float32Array;
  /** capacity ones: the bias gradient as a product. */
  private readonly ones: Float32Array;
  /** Whether the last forward pass applied the dropout masks (backward must then apply them too). */
  private masked = false;
  /** Per layer: its input mask (one per gate drawn), then its recurrent mask (masks.ts). */
  readonly maskSlots: readonly MaskSlot[];

  /**
   * `kernels`: another build of wasm/gemm.wat (benchmarks compare kernel versions); the shipped one by default.
   * `arena`: arrays already laid out in a WASM memory (a chunk of a ChunkedNetwork, sharing its
   * parameters); `params` are then left as they are when undefined.
   */
  constructor(
    readonly layout: NetworkLayout, params: ArrayLike<number> | undefined, readonly capacity: number, kernels?: Uint8Array,
    arena?: { readonly arrays: NetworkArrays; readonly gemm: Gemm; readonly adam: AdamKernel },
  ) {
    const { value, gemm, adam } = networkArena(layout.size, params, (alloc) => networkArrays(layout, capacity, alloc), kernels, arena);
    this.mm = gemm;
    this.adam = adam;
    this.moments = value.moments;
    ({ params: this.params, grads: this.grads, bufs: this.bufs, x0: this.x0, target: this.target } = value);
    ({ headA: this.headA, headY: this.headY, dHead: this.dHead, ones: this.ones } = value);
    this.ones.fill(1);
    this.maskSlots = recurrentMaskSlots(layout);
  }

  /** Mask slot s's array (masks.ts): a ChunkedNetwork hands each chunk its rows of the batch's masks. */
  maskArray(slot: number): Float32Array {
    const w = this.bufs[slot >> 1]!;
    return slot & 1 ? w.mr : w.md;
  }

  setMaskFlags(flags: ArrayLike<number>): void {
    this.bufs.forEach((w, i) => { w.hasMd = flags[2 * i] === 1; w.hasMr = flags[2 * i + 1] === 1; });
  }

  /** Forward, loss and backward on the loaded batch: `grads` then hold ∂loss/∂params; returns the loss. */
  trainStep(B: number, kind: LossKind, quantiles?: readonly number[], count = B * this.layout.outputs): number {
    this.forward(B, true);
    const loss = this.loss(B, kind, quantiles, count);
    this.backward(B);
    return loss;
  }

  /**
   * Copies windows order[from..to) (or from..to when order is absent) of x [n][T][F] and
   * y [n][outputs] into the batch; returns the batch size.
   */
  load(x: Float32Array, y: Float32Array | undefined, order: Int32Array | undefined, from: number, to: number): number {
    const { lookback: T, features: F, outputs: O } = this.layout;
    const B = to - from;
    if (B > this.capacity) throw new Error(`batch of ${B} exceeds the capacity ${this.capacity}`);
    const per = T * F;
    for (let b = 0; b < B; b++) {
      const row = order ? order[from + b] : from + b;
      const src = row * per;
      for (let t = 0; t < T; t++) {
        const dst = (t * B + b) * F;
        for (let f = 0; f < F; f++) this.x0[dst + f] = x[src + t * F + f];
      }
      if (y) for (let o = 0; o < O; o++) this.target[b * O + o] = y[row * O + o];
    }
    return B;
  }

  /**
   * Dropout masks for one training batch, drawn in the order tfjs-layers draws them (per layer:
   * `gates` input masks, then `gates` recurrent masks, of which the cell uses the first) so the
   * seeded stream lines up with the layers engine. Inverted dropout: kept units scale 1/(1−rate).
   */
  drawMasks(rng: Rng, B: number): void {
    drawSlotMasks(this, rng, B);
  }

  /** Runs the batch forward; training applies the masks drawn last. Returns the head outputs [B][outputs]. */
  forward(B: number, training: boolean): Float32Array {
    const { lookback: T, layers, head, outputs: O } = this.layout;
    const p = this.params;
    this.masked = training;
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i];
      const w = this.bufs[i];
      const D = l.inputDim;
      const U = l.units;
      const below = i === 0 ? undefined : this.bufs[i - 1];
      const md = training && w.hasMd ? w.md : undefined;
      const mr = training && w.hasMr ? w.mr : undefined;
      w.h.fill(0, 0, B * U);
      if (l.cell === 'lstm') w.c.fill(0, 0, B * U);
      const step = FORWARD[l.cell];
      for (let t = 0; t < T; t++) {
        const src = below ? below.h : this.x0;
        const so = below ? (t + 1) * B * D : t * B * D;
        const xo = t * B * D;
        const n = B * D;
        if (md) for (let k = 0; k < n; k++) w.xin[xo + k] = src[so + k] * md[k];
        else this.mm.copyRows(1, n, src, so, 0, w.xin, xo, 0);
        const ho = t * B * U;
        if (mr) for (let k = 0; k < B * U; k++) w.hp[ho + k] = w.h[ho + k] * mr[k];
        else this.mm.copyRows(1, B * U, w.h, ho, 0, w.hp, ho, 0);
        step(l, w, p, t, B, this.mm);
      }
    }
    const top = this.bufs[layers.length - 1];
    const U = head.inputDim;
    const { headA, headY } = this;
    for (let b = 0; b < B; b++) for (let o = 0; o < O; o++) headA[b * O + o] = p[head.bias.offset + o];
    this.mm.mulAcc(B, U, O, top.h, T * B * U, U, p, head.kernel.offset, O, headA, 0, O);
    this.mm.activate(head.activation, headA, 0, headY, 0, B * O);
    return headY;
  }

  /**
   * Mean loss over the batch's outputs; leaves ∂loss/∂output for `backward`. `quantiles` (for
   * loss quantile) are the innermost output axis; the targets were loaded repeated along it.
   * `count`: the mean's denominator when these B rows are a chunk of a larger batch.
   */
  loss(B: number, kind: LossKind, quantiles?: readonly number[], count = B * this.layout.outputs): number {
    return outputLoss(this.headY, this.target, B * this.layout.outputs, this.dHead, kind, quantiles, count);
  }

  /** Backpropagation through time: overwrites `grads` with ∂loss/∂params for the last forward. */
  backward(B: number): void {
    const { lookback: T, layers, head, outputs: O } = this.layout;
    const p = this.params;
    const g = this.grads;
    g.fill(0);
    const L = layers.length;
    const top = this.bufs[L - 1];
    const { dHead, headA, headY } = this;
    const Ut = head.inputDim;
    scaleByDerivative(head.activation, headA, headY, 0, dHead, 0, B * O);
    this.mm.mulAccTransA(B, Ut, O, top.h, T * B * Ut, Ut, dHead, 0, O, g, head.kernel.offset, O);
    for (let b = 0; b < B; b++) for (let o = 0; o < O; o++) g[head.bias.offset + o] += dHead[b * O + o];
    top.dOut.fill(0, 0, T * B * Ut);
    this.mm.mulAccTransB(B, Ut, O, dHead, 0, O, p, head.kernel.offset, O, top.dOut, (T - 1) * B * Ut, Ut);

    for (let i = L - 1; i >= 0; i--) {
      const l = layers[i];
      const w = this.bufs[i];
      const U = l.units;
      const D = l.inputDim;
      const GU = l.gates * U;
      const n = B * U;
      const below = i === 0 ? undefined : this.bufs[i - 1];
      if (below) below.dOut.fill(0, 0, T * B * D);
      if (l.cell === 'lstm') w.dc.fill(0, 0, n);
      const back = BACKWARD[l.cell];
      const { dh, dhp, dA, mr, md, dx } = w;
      const useMr = this.masked && w.hasMr;
      const useMd = this.masked && w.hasMd;
      for (let t = T - 1; t >= 0; t--) {
        const oo = t * n;
        if (t === T - 1) this.mm.copyRows(1, n, w.dOut, oo, 0, dh, 0, 0);
        else if (useMr) for (let k = 0; k < n; k++) dh[k] = w.dOut[oo + k] + dhp[k] * mr[k];
        else this.mm.add(n, w.dOut, oo, dhp, 0, dh, 0);
        back(l, w, p, g, t, B, this.mm);
        const bo = l.bias.offset;
        // g[bias j] += Σ_b dA[b, j], in order of b: a product with a column of ones (1·d = d exactly).
        this.mm.mulAccTransA(B, 1, GU, this.ones, 0, 1, dA, 0, GU, g, bo, GU);
        this.mm.mulAccTransA(B, D, GU, w.xin, t * B * D, D, dA, 0, GU, g, l.kernel.offset, GU);
        if (!below) continue;
        if (useMd) {
          dx.fill(0, 0, B * D);
          this.mm.mulAccTransB(B, D, GU, dA, 0, GU, p, l.kernel.offset, GU, dx, 0, D);
          for (let k = 0; k < B * D; k++) below.dOut[t * B * D + k] += dx[k] * md[k];
        } else {
          this.mm.mulAccTransB(B, D, GU, dA, 0, GU, p, l.kernel.offset, GU, below.dOut, t * B * D, D);
        }
      }
    }
  }

  /** An optimizer for these parameters (Adam in WASM; one Adam per network, its moments live here). */
  createOptimizer(name: OptimizerName, learningRate: number): FusedOptimizer {
    if (name !== 'adam') return createFusedOptimizer(name, learningRate, this.layout.size);
    this.moments[0].fill(0);
    this.moments[1].fill(0);
    return new WasmAdam(this.adam, learningRate, this.moments[0], this.moments[1]);
  }

  /** Forgets the masks, so a following inference pass and the next batch start clean. */
  clearMasks(): void {
    for (const w of this.bufs) { w.hasMd = false; w.hasMr = false; }
  }
}

/** A recurrent network's mask slots: per layer, `gates` input masks then `gates` recurrent masks. */
export function recurrentMaskSlots(layout: NetworkLayout): MaskSlot[] {
  return layout.layers.flatMap((l) => [
    { rate: l.dropout, width: l.inputDim, draws: l.gates },
    { rate: l.recurrentDropout, width: l.units, draws: l.gates },
  ]);
}
