/**
 * For tests: one training step of a tfjs-layers network (loss, gradients by weight name, weights
 * after an optimizer update), the reference the fused engine is checked against.
 */
import type { ModelSpec } from '@seqpipe/core';
import type { Tensor, Variable } from '@tensorflow/tfjs';
import type { Tf } from '../backend/tf-types.js';
import { buildModel, type ModelShape } from '../model/build-model.js';
import { createOptimizer, lossFunction, type LossName, type OptimizerName } from '../training/training-params.js';

export interface ReferenceStep {
  readonly initial: Map<string, Float32Array>;
  readonly loss: number;
  readonly grads: Map<string, Float32Array>;
  readonly updated: Map<string, Float32Array>;
}

export function layersStep(
  tf: Tf, spec: ModelSpec, shape: ModelShape, seed: number, x: Float32Array, y: Float32Array, batch: number,
  options: { loss: LossName; optimizer: OptimizerName; learningRate: number; quantiles?: readonly number[] },
): ReferenceStep {
  const model = buildModel(tf, spec, shape, seed);
  const optimizer = createOptimizer(tf, options.optimizer, options.learningRate);
  try {
    const names = model.trainableWeights.map((w) => w.originalName);
    const vars = model.trainableWeights.map((w) => w.read() as Variable);
    const read = () => new Map(names.map((n, i) => [n, vars[i]!.dataSync() as Float32Array]));
    const initial = read();
    const lossFn = lossFunction(tf, options.loss, options.quantiles);
    const xt = tf.tensor3d(x, [batch, shape.lookback, shape.features]);
    // Labels [batch, outputs / Q]: the quantile loss broadcasts them over its Q outputs.
    const yt = tf.tensor2d(y, [batch, y.length / batch]);
    const { value, grads } = tf.variableGrads(() => lossFn(yt, model.apply(xt, { training: true }) as Tensor) as never, vars);
    const loss = value.dataSync()[0]!;
    const g = new Map(names.map((n, i) => [n, grads[vars[i]!.name]!.dataSync() as Float32Array]));
    optimizer.applyGradients(grads);
    const updated = read();
    tf.dispose([xt, yt, value, ...Object.values(grads)]);
    return { initial, loss, grads: g, updated };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** Largest |a − b| over the tensor, relative to the tensor's largest |b| (the parity tests' measure). */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / Math.max(scale, 1e-30);
}
