/**
 * A training checkpoint as bytes (the envelope's JSON header + little-endian buffers), the same for
 * both engines: epochs done, the shuffle and dropout Rng states, the loss history so far, the
 * optimizer's scalars (Adam's β^t) and its arrays, and the weights. Everything is stored exactly
 * (float64 for the fused engine, float32 for tfjs; numbers in canonical JSON round-trip), so a
 * resumed run continues bit for bit.
 */
import type { EncodedArtifact, JsonObject, JsonValue, RngState } from '@seqpipe/core';
import type { EpochResult } from './fit-loop.js';

export const CHECKPOINT_FORMAT = 1;

export interface CheckpointTensor {
  /** Weights are `weight:<name>`, optimizer arrays `optimizer:<name>`, the best epoch's weights (early stopping) `best:<name>`. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array;
}

export interface TrainingCheckpoint {
  readonly engine: 'fused' | 'layers';
  /** Epochs done. */
  readonly epoch: number;
  readonly epochs: number;
  readonly rng: RngState;
  readonly dropoutRng: RngState;
  readonly history: readonly EpochResult[];
  readonly optimizer: { readonly name: string; readonly scalars: readonly number[] };
  /** Training control's state (kernels' controlScalars: learning rate, best loss and epoch, wait counters); absent without control. */
  readonly control?: readonly number[];
  readonly tensors: readonly CheckpointTensor[];
}

// A diverged validation loss is NaN/Infinity, which JSON cannot hold: keep it as a string.
const num = (v: number): JsonValue => (Number.isFinite(v) ? v : String(v));
const back = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

export function encodeCheckpoint(c: TrainingCheckpoint): EncodedArtifact {
  const header: JsonObject = {
    format: CHECKPOINT_FORMAT, engine: c.engine, epoch: c.epoch, epochs: c.epochs, rng: [...c.rng], dropoutRng: [...c.dropoutRng],
    history: c.history.map((h) => ({
      epoch: h.epoch, loss: num(h.loss), ...(h.valLoss === undefined ? {} : { valLoss: num(h.valLoss) }),
      ...(h.learningRate === undefined ? {} : { learningRate: h.learningRate }), seconds: h.seconds,
    })),
    optimizer: { name: c.optimizer.name, scalars: c.optimizer.scalars.map(num) },
    ...(c.control ? { control: c.control.map(num) } : {}),
    tensors: c.tensors.map((t) => ({ name: t.name, shape: [...t.shape], dtype: t.data instanceof Float64Array ? 'float64' : 'float32' })),
  };
  return { header, buffers: c.tensors.map((t) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)) };
}

/** Throws a plain Error naming what does not fit; the caller ignores such a checkpoint with a note. */
export function decodeCheckpoint(e: EncodedArtifact): TrainingCheckpoint {
  const h = e.header as Record<string, unknown>;
  if (h['format'] !== CHECKPOINT_FORMAT) throw new Error(`has format ${String(h['format'])}, not ${CHECKPOINT_FORMAT}`);
  const specs = h['tensors'] as { name: string; shape: number[]; dtype: string }[];
  if (!Array.isArray(specs) || specs.length !== e.buffers.length) throw new Error('has a damaged tensor list');
  const tensors = specs.map((t, i): CheckpointTensor => {
    // A copy: the envelope's views need not be aligned for Float64Array.
    const bytes = e.buffers[i]!.slice();
    const data = t.dtype === 'float64' ? new Float64Array(bytes.buffer) : new Float32Array(bytes.buffer);
    if (data.length !== t.shape.reduce((a, b) => a * b, 1)) throw new Error(`has a tensor ${t.name} of the wrong size`);
    return { name: t.name, shape: t.shape, data };
  });
  const opt = h['optimizer'] as { name: string; scalars: unknown[] };
  const history = (h['history'] as Record<string, unknown>[]).map((r): EpochResult => ({
    epoch: r['epoch'] as number, loss: back(r['loss']), ...(r['valLoss'] === undefined ? {} : { valLoss: back(r['valLoss']) }),
    ...(r['learningRate'] === undefined ? {} : { learningRate: r['learningRate'] as number }), seconds: r['seconds'] as number,
  }));
  const control = h['control'] as unknown[] | undefined;
  return {
    engine: h['engine'] as 'fused' | 'layers', epoch: h['epoch'] as number, epochs: h['epochs'] as number,
    rng: h['rng'] as unknown as RngState, dropoutRng: h['dropoutRng'] as unknown as RngState,
    history, optimizer: { name: opt.name, scalars: opt.scalars.map(back) }, ...(control ? { control: control.map(back) } : {}), tensors,
  };
}
