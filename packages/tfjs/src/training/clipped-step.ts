/**
 * One optimizer step with Keras-style gradient clipping, which tfjs optimizers lack: gradients from
 * tf.variableGrads, each tensor clipped (clipNorm: g · c / max(‖g‖, c), as Keras clipnorm;
 * clipValue: elementwise to [−v, v]), then optimizer.applyGradients. Returns the loss.
 */
import type { NamedTensorMap, Optimizer, Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import type { Tf } from '../backend/tf-types.js';

export interface ClipParams {
  readonly clipNorm?: number;
  readonly clipValue?: number;
}

/** `beforeApply` runs between the gradients and the update (decoupled weight decay, Keras order). */
export function clippedStep(tf: Tf, optimizer: Optimizer, f: () => Scalar, variables: Variable[], clip: ClipParams, beforeApply?: () => void): Scalar {
  const { value, grads } = tf.variableGrads(f, variables);
  const clipped = tf.tidy(() => {
    const out: NamedTensorMap = {};
    for (const [name, g] of Object.entries(grads)) out[name] = clipTensor(tf, g, clip);
    return out;
  });
  tf.dispose(Object.values(grads));
  try {
    beforeApply?.();
    optimizer.applyGradients(clipped);
  } finally {
    tf.dispose(Object.values(clipped));
  }
  return value;
}

function clipTensor(tf: Tf, g: Tensor, { clipNorm, clipValue }: ClipParams): Tensor {
  let t = g;
  if (clipNorm !== undefined) t = tf.mul(t, tf.div(clipNorm, tf.maximum(tf.norm(t), clipNorm)));
  if (clipValue !== undefined) t = tf.clipByValue(t, -clipValue, clipValue);
  return t === g ? tf.clone(g) : t;
}
