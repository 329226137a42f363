/**
 * Gradient clipping with Keras's semantics: `clipNorm` rescales each weight tensor on its own so
 * its L2 norm is at most clipNorm (Keras `clipnorm`: g · c / max(‖g‖, c)), `clipValue` clips every
 * element to [−v, v] (Keras `clipvalue`). Keras allows one of the two; so does trainer/tfjs.
 */
import type { TensorSlot } from '../network/layout.js';

export interface ClipOptions {
  readonly clipNorm?: number;
  readonly clipValue?: number;
}

export function clipGradients(g: Float32Array | Float64Array, tensors: readonly TensorSlot[], { clipNorm, clipValue }: ClipOptions): void {
  if (clipNorm !== undefined) {
    for (const t of tensors) {
      const end = t.offset + t.size;
      let sq = 0;
      for (let i = t.offset; i < end; i++) sq += g[i] * g[i];
      const norm = Math.sqrt(sq);
      if (norm > clipNorm) {
        const scale = clipNorm / norm;
        for (let i = t.offset; i < end; i++) g[i] *= scale;
      }
    }
  }
  if (clipValue !== undefined) {
    for (let i = 0; i < g.length; i++) g[i] = g[i] > clipValue ? clipValue : g[i] < -clipValue ? -clipValue : g[i];
  }
}
