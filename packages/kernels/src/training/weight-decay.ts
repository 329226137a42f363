/**
 * Decoupled weight decay as Keras optimizers apply `weight_decay` (AdamW style): before each
 * update, w −= w·(lr·wd) with the step's learning rate, on kernels only (biases excluded; Keras
 * decays every variable unless excluded, PyTorch/Hugging Face recipes exclude biases).
 */
import type { TensorSlot } from '../network/layout.js';
import { isDecayed } from './epoch-control.js';

/** [offset, size] of each decayed tensor in the flat parameter array. */
export function decayRanges(tensors: readonly TensorSlot[]): readonly (readonly [number, number])[] {
  return tensors.filter((t) => isDecayed(t.name)).map((t) => [t.offset, t.size] as const);
}

export function applyWeightDecay(p: Float32Array | Float64Array, ranges: readonly (readonly [number, number])[], lr: number, wd: number): void {
  const k = lr * wd;
  for (const [offset, size] of ranges) {
    for (let i = offset; i < offset + size; i++) p[i] -= p[i]! * k;
  }
}
