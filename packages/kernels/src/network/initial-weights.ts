/**
 * Keras's default initial weights for a layout, drawn from our Rng in tensor order: kernels
 * glorot_uniform, recurrent kernels orthogonal, biases zero except the LSTM forget gate
 * (unit_forget_bias: 1, the second block of `units` in i, f, c, o). The tfjs layers engine sets
 * these same values, so both engines start from identical weights for a seed.
 */
import { isRecurrentSpec, type ModelSpec, type Rng } from '@seqpipe/core';
import { familyTensors } from './family-layout.js';
import { glorotUniform, orthogonal } from './keras-initializers.js';
import { weightTensors, type NetworkShape, type TensorSlot } from './layout.js';

export interface WeightValue {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export function initialWeights(spec: ModelSpec, shape: NetworkShape, rng: Rng): WeightValue[] {
  if (!isRecurrentSpec(spec)) {
    // Dense families: glorot_uniform kernels, zero biases, fixed bases as given.
    return familyTensors(spec, shape).map((t) => ({
      name: t.name, shape: t.shape,
      values: t.init === 'fixed' ? t.values! : t.init === 'glorot' ? glorotUniform(t.shape[0]!, t.shape[1]!, rng) : new Float32Array(t.shape[0]!),
    }));
  }
  const layout = weightTensors(spec, shape);
  const forgetGate = new Map<TensorSlot, number>();
  spec.layers.forEach((l, i) => { if (l.cell === 'lstm') forgetGate.set(layout.layers[i]!.bias, l.units); });
  const recurrent = new Set(layout.layers.map((l) => l.recurrentKernel));
  return layout.tensors.map((t) => {
    const [rows = 0, cols = 0] = t.shape;
    let values: Float32Array;
    if (t.shape.length === 2) values = recurrent.has(t) ? orthogonal(rows, cols, rng) : glorotUniform(rows, cols, rng);
    else {
      values = new Float32Array(rows);
      const units = forgetGate.get(t);
      if (units !== undefined) values.fill(1, units, 2 * units);
    }
    return { name: t.name, shape: t.shape, values };
  });
}

/** The same weights as one flat array in tensor order (the fused engine's parameters). */
export function initialParams(spec: ModelSpec, shape: NetworkShape, rng: Rng): Float64Array {
  const weights = initialWeights(spec, shape, rng);
  const out = new Float64Array(weights.reduce((n, w) => n + w.values.length, 0));
  let offset = 0;
  for (const w of weights) { out.set(w.values, offset); offset += w.values.length; }
  return out;
}
