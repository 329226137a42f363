import type { EarlyStoppingOptions, LrSchedule } from '@seqpipe/kernels';
import type { Optimizer, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../backend/tf-types.js';

export type OptimizerName = 'adam' | 'sgd' | 'rmsprop';
export type LossName = 'mse' | 'mae';
export type EngineName = 'auto' | 'fused' | 'layers';

export interface TrainingParams {
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly loss: LossName;
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

/** Mean over every element, as Keras's mse/mae averaged over the batch. */
export function lossFunction(tf: Tf, name: LossName): LossFn {
  return name === 'mse'
    ? (y, p) => tf.losses.meanSquaredError(y, p)
    : (y, p) => tf.losses.absoluteDifference(y, p);
}

/** Sets the rate of the following steps: tfjs's SGD caches −lr in a tensor, Adam and RMSprop read the field. */
export function setOptimizerRate(optimizer: Optimizer, lr: number): void {
  const o = optimizer as unknown as { learningRate: number; setLearningRate?(lr: number): void };
  if (o.setLearningRate) o.setLearningRate(lr);
  else o.learningRate = lr;
}
