/**
 * Our own training loop instead of model.fit: fit shuffles with Math.random, which cannot be
 * seeded. Per epoch: a seeded permutation, then one optimizer step per batch. The epoch loss is
 * summed on the device and read once per epoch: on wasm/cpu a read per step measured the same
 * (≈2.5 / 3.2 ms per step either way), but on asynchronous backends each read is a sync point.
 */
import { gatherX, gatherY, messages, SeqpipeError, type Rng, type Windows } from '@seqpipe/core';
import { endEpoch, isDecayed, type EpochControl } from '@seqpipe/kernels';
import type { LayersModel, Optimizer, Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import type { Tf } from '../backend/tf-types.js';
import { identityOrder } from './batches.js';
import { clippedStep } from './clipped-step.js';
import { datasetLoss } from './dataset-loss.js';
import { createOptimizer, lossFunction, setOptimizerRate, type TrainingParams } from './training-params.js';

export interface EpochResult {
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss?: number;
  /** The learning rate of this epoch, recorded when a schedule or early stopping is configured. */
  readonly learningRate?: number;
  readonly seconds: number;
}

/** The layers engine's copy of the best weights: `model.getWeights()`'s values, exactly. */
export interface WeightCopy {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface FitHooks {
  /** Shuffles the training windows each epoch. */
  readonly rng: Rng;
  readonly signal: AbortSignal;
  onEpoch(result: EpochResult): void;
  /** Batches done in the current epoch; called at most every BATCH_EVENT_MS (and never per batch). */
  onBatch?(epoch: number, batch: number, batches: number): void;
  /** Go on after `epoch` epochs: the model holds the checkpoint's weights, `restore` sets the optimizer's state. */
  readonly resume?: { readonly epoch: number; readonly history: readonly EpochResult[]; restore(optimizer: Optimizer): Promise<void> };
  /** Save a checkpoint every `every` epochs (not after the last: the stage completes then). */
  readonly checkpoint?: { readonly every: number; save(epoch: number, history: readonly EpochResult[], optimizer: Optimizer): Promise<void> };
  /** Learning-rate schedule and early stopping (kernels' epoch-control.ts); the best weights are set back at the end. */
  readonly control?: EpochControl<readonly WeightCopy[]>;
  /** For errors. */
  readonly stage?: string;
}

/** Batch progress at most this often: live bars need a few updates a second, not one per step. */
export const BATCH_EVENT_MS = 200;

/** Give signal handlers (Ctrl-C) a chance to run this often during an epoch. */
const YIELD_MS = 50;

export async function fitModel(
  tf: Tf, model: LayersModel, train: Windows, validation: Windows | undefined, params: TrainingParams, hooks: FitHooks,
): Promise<EpochResult[]> {
  const { lookback, count: n } = train;
  const features = train.columns.length;
  const width = train.horizon * train.targetColumns.length;
  const batchSize = Math.min(params.batchSize, n);
  const loss = lossFunction(tf, params.loss, params.quantiles);
  const optimizer = createOptimizer(tf, params.optimizer, params.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as Variable);
  const clip = params.clipNorm !== undefined || params.clipValue !== undefined;
  const wd = params.weightDecay ?? 0;
  const decayed = wd > 0 ? model.trainableWeights.filter((w) => isDecayed(w.originalName)).map((w) => w.read() as Variable) : [];
  const { control } = hooks;
  const history: EpochResult[] = [...(hooks.resume?.history ?? [])];
  let lastYield = performance.now();
  let lastBatchEvent = performance.now();
  const batches = Math.ceil(n / batchSize);
  try {
    await hooks.resume?.restore(optimizer);
    for (let epoch = (hooks.resume?.epoch ?? 0) + 1; epoch <= params.epochs; epoch++) {
      const started = performance.now();
      const lr = control ? control.learningRate(epoch) : params.learningRate;
      if (control) setOptimizerRate(optimizer, lr);
      // Keras order: decay the weights the gradients were taken at, then the optimizer's update.
      const decay = wd > 0 ? () => tf.tidy(() => { for (const v of decayed) v.assign(tf.sub(v, tf.mul(v, lr * wd))); }) : undefined;
      const order = identityOrder(n);
      if (params.shuffle) hooks.rng.shuffle(order);
      // Σ batchLoss · rows / batchSize; × batchSize / n at the end gives the per-window mean.
      let sum: Scalar = tf.scalar(0);
      let epochLoss: number;
      try {
        for (let start = 0; start < n; start += batchSize) {
          if (performance.now() - lastYield > YIELD_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            lastYield = performance.now();
          }
          hooks.signal.throwIfAborted();
          if (hooks.onBatch && performance.now() - lastBatchEvent > BATCH_EVENT_MS) {
            hooks.onBatch(epoch, start / batchSize, batches);
            lastBatchEvent = performance.now();
          }
          const end = Math.min(n, start + batchSize);
          const rows = end - start;
          const x = tf.tensor3d(gatherX(train, order, start, end), [rows, lookback, features]);
          const y = tf.tensor2d(gatherY(train, order, start, end), [rows, width]);
          try {
            const f = () => loss(y, model.apply(x, { training: true }) as Tensor) as Scalar;
            const cost = clip || decay ? clippedStep(tf, optimizer, f, variables, params, decay) : optimizer.minimize(f, true, variables)!;
            const next = tf.tidy(() => tf.add(sum, rows === batchSize ? cost : tf.mul(cost, rows / batchSize)) as Scalar);
            cost.dispose();
            sum.dispose();
            sum = next;
          } finally {
            x.dispose();
            y.dispose();
          }
        }
        epochLoss = ((await sum.data())[0] * batchSize) / n;
      } finally {
        sum.dispose();
      }
      // A NaN/Inf loss never recovers: stop here rather than train on (and cache) garbage.
      if (!Number.isFinite(epochLoss)) {
        throw new SeqpipeError('E_LOSS_NOT_FINITE', messages.E_LOSS_NOT_FINITE(epoch, epochLoss, lr), { exitCode: 1 });
      }
      const valLoss = validation && validation.count > 0 ? await datasetLoss(tf, model, validation, loss) : undefined;
      const result: EpochResult = {
        epoch, loss: epochLoss, ...(valLoss === undefined ? {} : { valLoss }), ...(control ? { learningRate: lr } : {}),
        seconds: (performance.now() - started) / 1000,
      };
      history.push(result);
      hooks.onEpoch(result);
      const verdict = control ? endEpoch(control, epoch, result, hooks.stage) : undefined;
      if (verdict?.improved) control!.best = await copyWeights(model);
      if (verdict?.stop) break;
      const every = hooks.checkpoint?.every ?? 0;
      if (every > 0 && epoch % every === 0 && epoch < params.epochs) await hooks.checkpoint!.save(epoch, history, optimizer);
    }
    if (control?.earlyStopping && control.best) setWeights(tf, model, control.best);
    return history;
  } finally {
    optimizer.dispose();
  }
}

export async function copyWeights(model: LayersModel): Promise<WeightCopy[]> {
  const out: WeightCopy[] = [];
  for (const w of model.getWeights()) out.push({ shape: w.shape, data: Float32Array.from(await w.data() as Float32Array) });
  return out;
}

export function setWeights(tf: Tf, model: LayersModel, weights: readonly WeightCopy[]): void {
  tf.tidy(() => model.setWeights(weights.map((w) => tf.tensor(w.data, [...w.shape], 'float32'))));
}
