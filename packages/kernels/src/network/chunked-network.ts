/**
 * Data-parallel training over fixed chunks of a batch. Rows [16c, 16c + 16) of a batch are chunk c:
 * each chunk runs forward, loss and backward on its own (a fused network of any family over its own
 * work arrays, all sharing one set of parameters in one shared WASM memory), then the chunk
 * gradients are added in chunk order. The chunks, and so the bits, do not depend on how many
 * threads compute them: 1, 2 or N threads give identical weights. Threads are worker threads
 * (chunk-threads.ts) that lay out the same arena over the same shared memory and take chunks
 * t, t + N, t + 2N, …. Forward passes are row-independent, so inference and validation use one
 * chunk's network.
 */
import type { Rng } from '@seqpipe/core';
import { createFusedNetwork, fusedArrays, maskSlots, type FusedArrays, type FusedLayout, type FusedTrainable } from './fused-factory.js';
import type { LossKind } from './fused-network.js';
import { fillMask, maskOn, type MaskSlot } from './masks.js';
import { inArena, type Allocate, type WasmMemory } from '../wasm/arena.js';
import type { KernelKind } from '../native/native-products.js';
import type { FusedOptimizer, OptimizerName } from '../training/optimizers.js';

/** Rows per chunk: fixed (never derived from the thread count), so results are thread-count invariant. */
export const CHUNK_ROWS = 16;

export interface ChunkedArrays {
  readonly params: Float32Array;
  readonly grads: Float32Array;
  readonly chunks: FusedArrays[];
}

/** The arena's layout: the same calls in the same order on every thread give the same offsets. */
export function chunkedArrays(layout: FusedLayout, chunks: number, alloc: Allocate): ChunkedArrays {
  const params = alloc(layout.size);
  const moments = [alloc(layout.size), alloc(layout.size)] as const;
  const grads = alloc(layout.size);
  return { params, grads, chunks: Array.from({ length: chunks }, () => fusedArrays(layout, CHUNK_ROWS, alloc, { params, moments })) };
}

/** The chunks' networks over a (possibly shared, possibly another thread's) arena; `kernels` as inArena's. */
export function chunkNetworks(layout: FusedLayout, chunks: number, memory?: WasmMemory, kernels?: KernelKind) {
  const { value, gemm, adam, memory: mem, kernels: kind } = inArena((alloc) => chunkedArrays(layout, chunks, alloc), undefined, memory, kernels);
  const nets = value.chunks.map((arrays) => createFusedNetwork(layout, undefined, CHUNK_ROWS, undefined, { arrays, gemm, adam }));
  return { value, nets, memory: mem, kernels: kind };
}

/** Computes chunks' steps, possibly on other threads; `run` fills `losses[c]` for every chunk c < n. */
export interface ChunkRunner {
  run(B: number, n: number, flags: Uint8Array, losses: Float64Array): void;
  close(): Promise<void>;
}

export class ChunkedNetwork {
  readonly params: Float32Array;
  readonly grads: Float32Array;
  /** One network per chunk; chunk 0's also serves inference (forward passes are row-independent). */
  readonly chunks: FusedTrainable[];
  readonly memory: WasmMemory;
  /** Whose matrix products every chunk uses (worker threads use the same). */
  readonly kernels: KernelKind;
  /** The network's dropout masks in draw order (masks.ts). */
  readonly maskSlots: readonly MaskSlot[];
  private readonly losses: Float64Array;
  /** Per mask slot: whether the batch's mask is on (read by worker threads too). */
  private readonly flags: Uint8Array;
  private readonly maskTmp: Float32Array;
  private runner?: ChunkRunner;

  constructor(readonly layout: FusedLayout, params: ArrayLike<number>, readonly capacity: number) {
    if (params.length !== layout.size) throw new Error(`expected ${layout.size} parameters, got ${params.length}`);
    const n = Math.ceil(capacity / CHUNK_ROWS);
    const { value, nets, memory, kernels } = chunkNetworks(layout, n);
    value.params.set(params);
    this.kernels = kernels;
    this.params = value.params;
    this.grads = value.grads;
    this.chunks = nets;
    this.memory = memory;
    this.maskSlots = maskSlots(layout);
    this.losses = new Float64Array(n);
    this.flags = new Uint8Array(this.maskSlots.length);
    this.maskTmp = new Float32Array(capacity * Math.max(1, ...this.maskSlots.map((s) => s.width)));
  }

  /** Hands the chunks to other threads as well (chunk-threads.ts); without it this thread runs them all. */
  useRunner(runner: ChunkRunner): void {
    this.runner = runner;
  }

  /** Whether other threads take part (false again after a worker failed). */
  get threaded(): boolean {
    return this.runner !== undefined;
  }

  async close(): Promise<void> {
    await this.runner?.close();
    this.runner = undefined;
  }

  /** Loads windows from..to of the batch, row r into chunk ⌊r / 16⌋; returns the batch size. */
  load(x: Float32Array, y: Float32Array | undefined, order: Int32Array | undefined, from: number, to: number): number {
    const B = to - from;
    if (B > this.capacity) throw new Error(`batch of ${B} exceeds the capacity ${this.capacity}`);
    for (let c = 0; c * CHUNK_ROWS < B; c++) {
      const start = from + c * CHUNK_ROWS;
      this.chunks[c]!.load(x, y, order, start, Math.min(to, start + CHUNK_ROWS));
    }
    return B;
  }

  /** The whole batch's masks, drawn in the single network's order (masks.ts), each chunk given its rows. */
  drawMasks(rng: Rng, B: number): void {
    this.maskSlots.forEach((s, i) => {
      const on = maskOn(s.rate);
      this.flags[i] = on ? 1 : 0;
      if (!on) return;
      for (let k = 0; k < s.draws; k++) fillMask(rng, s.rate, k === 0 ? this.maskTmp : undefined, B * s.width);
      for (const [c, net] of this.chunks.entries()) {
        const rows = Math.min(CHUNK_ROWS, B - c * CHUNK_ROWS);
        if (rows > 0) net.maskArray(i).set(this.maskTmp.subarray(c * CHUNK_ROWS * s.width, (c * CHUNK_ROWS + rows) * s.width));
      }
    });
    for (const net of this.chunks) net.setMaskFlags(this.flags);
  }

  /** Forward, loss and backward of every chunk; `grads` = Σ chunk gradients in chunk order. Returns the batch loss. */
  trainStep(B: number, kind: LossKind, quantiles?: readonly number[]): number {
    const n = Math.ceil(B / CHUNK_ROWS);
    let done = false;
    if (this.runner && n > 1) {
      try {
        this.runner.run(B, n, this.flags, this.losses);
        done = true;
      } catch {
        // A worker failed: go on without threads. Every chunk is recomputed here from the same
        // inputs, so the bits are those any thread count gives.
        void this.runner.close();
        this.runner = undefined;
      }
    }
    if (!done) for (let c = 0; c < n; c++) this.losses[c] = runChunk(this.chunks[c]!, c, B, kind, quantiles);
    const g = this.grads;
    g.set(this.chunks[0]!.grads);
    let loss = this.losses[0]!;
    for (let c = 1; c < n; c++) {
      const gc = this.chunks[c]!.grads;
      for (let i = 0; i < g.length; i++) g[i] += gc[i]!;
      loss += this.losses[c]!;
    }
    return loss;
  }

  createOptimizer(name: OptimizerName, learningRate: number): FusedOptimizer {
    // Chunk 0 shares the parameters and Adam's moments; `grads` lives in the same memory.
    return this.chunks[0]!.createOptimizer(name, learningRate);
  }

  clearMasks(): void {
    for (const net of this.chunks) net.clearMasks();
    this.flags.fill(0);
  }
}

/** Chunk c's part of a batch of B rows: its loss (a share of the batch mean) and its gradient. */
export function runChunk(net: FusedTrainable, c: number, B: number, kind: LossKind, quantiles?: readonly number[]): number {
  const rows = Math.min(CHUNK_ROWS, B - c * CHUNK_ROWS);
  return net.trainStep(rows, kind, quantiles, B * net.layout.outputs);
}
