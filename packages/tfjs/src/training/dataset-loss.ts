import { gatherX, gatherY } from '@seqpipe/core';
import type { Windows } from '@seqpipe/core';
import type { LayersModel, Scalar, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../backend/tf-types.js';
import type { LossFn } from './training-params.js';

const CHUNK = 1024;

/** Mean loss over all windows (inference mode), summed on the device and read once. */
export async function datasetLoss(tf: Tf, model: LayersModel, w: Windows, loss: LossFn): Promise<number> {
  const width = w.horizon * w.targetColumns.length;
  let sum: Scalar = tf.scalar(0);
  try {
    for (let start = 0; start < w.count; start += CHUNK) {
      const n = Math.min(CHUNK, w.count - start);
      const next = tf.tidy(() => {
        const x = tf.tensor3d(gatherX(w, undefined, start, start + n), [n, w.lookback, w.columns.length]);
        const y = tf.tensor2d(gatherY(w, undefined, start, start + n), [n, width]);
        return tf.add(sum, tf.mul(loss(y, model.predict(x) as Tensor), n)) as Scalar;
      });
      sum.dispose();
      sum = next;
    }
    return (await sum.data())[0] / w.count;
  } finally {
    sum.dispose();
  }
}
