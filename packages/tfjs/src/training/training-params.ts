import type { EarlyStoppingOptions, LrSchedule } from '@seqpipe/kernels';
import type { Optimizer, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../backend/tf-types.js';

export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';
export type LossName = 'mse' | 'mae' | 'quantile';
export type EngineName = 'auto' | 'fused' | 'layers';

export interface TrainingParams {
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly loss: LossName;
  /** For loss quantile (required there, refused elsewhere): sorted, unique, in (0, 1), with 0.5. */
  readonly quantiles?: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  /** Which training engine; absent means auto (see engine.ts). */
  readonly engine?: EngineName;
  /** Keras clipnorm: each gradient tensor rescaled to this L2 norm at most. */
  readonly clipNorm?: number;
  /** Keras clipvalue: each gradient element clipped to [−clipValue, clipValue]. */
  readonly clipValue?: number;
  /** Decoupled weight decay on kernels, biases excluded (Keras optimizer weight_decay: w −= lr·wd·w). */
  readonly weightDecay?: number;
  /** Stop when the monitored loss stops improving; the best epoch's weights are restored. */
  readonly earlyStopping?: EarlyStoppingOptions;
  /** Learning rate per epoch: reduce on plateau, or cosine decay (epoch-control.ts in the kernels package). */
  readonly lrSchedule?: LrSchedule;
  /** One network per series (local-training.ts); absent or false: one global network. */
  readonly local?: boolean;
  /** Set by seqpipe for local: true: the series this part job trains. */
  readonly part?: string;
  /** Set by seqpipe for local: true: the series whose part models this job combines (inputs part0, part1, …). */
  readonly parts?: readonly string[];
  /** Epochs between checkpoints (0: none). Volatile: not in the cache key nor in the artifact. */
  readonly checkpointEvery?: number;
  /** Fused engine: worker threads for batches above 16 rows (absent: SEQPIPE_THREADS, else 1). Volatile: same bits for any value. */
  readonly threads?: number;
}

/** tfjs defaults match Keras here: Adam β1 0.9, β2 0.999, ε 1e-7; RMSprop ρ 0.9, no momentum. */
export function createOptimizer(tf: Tf, name: OptimizerName, learningRate: number): Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
  }
}

export type LossFn = (labels: Tensor, predictions: Tensor) => Tensor;

/**
 * Mean over every element, as Keras's mse/mae averaged over the batch. quantile: the mean pinball
 * loss, predictions [rows, horizon·targets·Q] against labels [rows, horizon·targets] broadcast over
 * the quantile axis (innermost); max(q·e, (q−1)·e) with e = y − ŷ, whose tf.maximum gradient at
 * e = 0 is −q, as the fused engine's (kernels training/pinball.ts).
 */
export function lossFunction(tf: Tf, name: LossName, quantiles?: readonly number[]): LossFn {
  if (name === 'quantile') {
    if (!quantiles?.length) throw new Error('the quantile loss needs quantiles');
    const Q = quantiles.length;
    return (y, p) => tf.tidy(() => {
      const q = tf.tensor1d([...quantiles], 'float32');
      const e = tf.sub(tf.expandDims(y, 2), tf.reshape(p, [p.shape[0]!, -1, Q]));
      return tf.mean(tf.maximum(tf.mul(q, e), tf.mul(tf.sub(q, 1), e)));
    });
  }
  return name === 'mse'
    ? (y, p) => tf.losses.meanSquaredError(y, p)
    : (y, p) => tf.losses.absoluteDifference(y, p);
}

/** The network's output width: horizon · targets, times Q for loss quantile (layout [horizon, targets, Q]). */
export function outputWidth(horizon: number, targets: number, params: Pick<TrainingParams, 'loss' | 'quantiles'>): number {
  return horizon * targets * (params.loss === 'quantile' ? (params.quantiles?.length ?? 1) : 1);
}

/** Sets the rate of the following steps: tfjs's SGD caches −lr in a tensor, Adam and RMSprop read the field. */
export function setOptimizerRate(optimizer: Optimizer, lr: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?(lr: number): void };
  if (o.setLearningRate) o.setLearningRate(lr);
  else o.learningRate = lr;
}
