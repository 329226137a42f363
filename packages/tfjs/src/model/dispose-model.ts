import type { LayersModel, Tensor } from '@tensorflow/tfjs';

interface CellWithMasks {
  dropoutMask?: Tensor | Tensor[] | null;
  recurrentDropoutMask?: Tensor | Tensor[] | null;
}

/**
 * model.dispose() frees the weights but not the dropout masks recurrent cells keep between calls
 * (tfjs-layers keeps them alive with tf.keep), so a model with dropout would leak a few tensors.
 */
export function disposeModel(model: LayersModel): void {
  for (const layer of model.layers) {
    // A layer applied k times (N-BEATS's shared weights) counts k references, and model.dispose
    // releases one: drop the extra ones first, or its weights would leak.
    for (let k = (layer as unknown as { inboundNodes: unknown[] }).inboundNodes.length; k > 1; k--) layer.dispose();
    const cell = (layer as unknown as { cell?: CellWithMasks }).cell;
    if (!cell) continue;
    for (const key of ['dropoutMask', 'recurrentDropoutMask'] as const) {
      const mask = cell[key];
      if (!mask) continue;
      for (const t of Array.isArray(mask) ? mask : [mask]) if (!t.isDisposed) t.dispose();
      cell[key] = null;
    }
  }
  model.dispose();
}
