/**
 * The tfjs-layers engine's state for a checkpoint: the model's weights and the optimizer's
 * (`getWeights`: iterations and moment variables). Adam's running β1^t, β2^t are read and set
 * directly: `setWeights` would recompute them as β^(t+1) with `pow`, which can differ from the
 * running product in the last float32 bit, and resuming must be bit-identical.
 */
import type { LayersModel, Optimizer, Tensor, Variable } from '@tensorflow/tfjs';
import type { Tf } from '../backend/tf-types.js';
import type { CheckpointTensor, TrainingCheckpoint } from './checkpoint.codec.js';
import { tensorsOf } from './checkpointing.js';

type AdamInternals = { accBeta1?: Variable; accBeta2?: Variable };

export async function layersState(model: LayersModel, optimizer: Optimizer): Promise<{ scalars: number[]; tensors: CheckpointTensor[] }> {
  const tensors: CheckpointTensor[] = [];
  for (const [i, w] of model.getWeights().entries()) {
    tensors.push({ name: `weight:${i}`, shape: w.shape, data: Float32Array.from(await w.data() as Float32Array) });
  }
  const [iter, ...moments] = await optimizer.getWeights();
  const iterations = (await iter!.tensor.data())[0]!;
  iter!.tensor.dispose();
  for (const m of moments) {
    tensors.push({ name: `optimizer:${m.name}`, shape: m.tensor.shape, data: Float32Array.from(await m.tensor.data() as Float32Array) });
  }
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamInternals;
  const betas = accBeta1 && accBeta2 ? [(await accBeta1.data())[0]!, (await accBeta2.data())[0]!] : [];
  return { scalars: [iterations, ...betas], tensors };
}

/** Sets the model's weights from the checkpoint (before training starts). */
export function restoreLayersWeights(tf: Tf, model: LayersModel, c: TrainingCheckpoint): void {
  const weights = tensorsOf(c, 'weight:');
  const current = model.getWeights();
  const best = tensorsOf(c, 'best:');
  const fits = (ts: CheckpointTensor[]) => ts.length === current.length && ts.every((w, i) => w.data.length === current[i]!.size);
  if (!fits(weights) || (best.length > 0 && !fits(best))) throw new Error('does not fit this network');
  tf.tidy(() => model.setWeights(weights.map((w) => tf.tensor(w.data, [...w.shape], 'float32'))));
}

export async function restoreLayersOptimizer(tf: Tf, optimizer: Optimizer, c: TrainingCheckpoint): Promise<void> {
  const [iterations, ...betas] = c.optimizer.scalars;
  const named: { name: string; tensor: Tensor }[] = [
    { name: 'iter', tensor: tf.scalar(iterations!, 'int32') },
    ...tensorsOf(c, 'optimizer:').map((t) => ({ name: t.name.slice('optimizer:'.length), tensor: tf.tensor(t.data, [...t.shape], 'float32') })),
  ];
  try {
    await optimizer.setWeights(named);
  } finally {
    // setWeights made variables of its own from these.
    for (const n of named) n.tensor.dispose();
  }
  const { accBeta1, accBeta2 } = optimizer as unknown as AdamInternals;
  if (accBeta1 && accBeta2 && betas.length === 2) {
    tf.tidy(() => {
      accBeta1.assign(tf.scalar(betas[0]!));
      accBeta2.assign(tf.scalar(betas[1]!));
    });
  }
}
