/**
 * The fused engine's training loop, step for step the layers engine's loop (fit-loop.ts in the
 * tfjs package): the same seeded permutation per epoch, the same batches, the epoch loss as the
 * per-window mean of batch losses, validation loss in inference mode. Each batch is one pass:
 * forward, loss, backpropagation through time, clipping and the optimizer update, in place.
 */
import { gatherX, gatherY, messages, SeqpipeError, type Rng, type Windows } from '@seqpipe/core';
import { CHUNK_ROWS, ChunkedNetwork } from '../network/chunked-network.js';
import { startChunkThreads, threadSetting } from '../network/chunk-threads.js';
import { createFusedNetwork, forwardWork, trainableTensors, type FusedLayout, type FusedTrainable } from '../network/fused-factory.js';
import type { LossKind } from '../network/fused-network.js';
import { clipGradients, type ClipOptions } from './clip.js';
import { repeatTargets } from './pinball.js';
import { EpochControl, MonitorMissingError, type EarlyStoppingOptions, type LrSchedule } from './epoch-control.js';
import type { OptimizerName, OptimizerState } from './optimizers.js';
import { applyWeightDecay, decayRanges } from './weight-decay.js';

export interface FusedTrainingParams extends ClipOptions {
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly loss: LossKind;
  /** For loss quantile: the quantiles, ascending; the network's outputs are [horizon, targets, Q]. */
  readonly quantiles?: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly shuffle: boolean;
  /** Decoupled weight decay on kernels (weight-decay.ts). */
  readonly weightDecay?: number;
  readonly earlyStopping?: EarlyStoppingOptions;
  readonly lrSchedule?: LrSchedule;
  /** Worker threads (chunk-threads.ts's threadSetting: SEQPIPE_THREADS, else 1); never changes results. */
  readonly threads?: number;
}

export interface EpochResult {
  readonly epoch: number;
  readonly loss: number;
  readonly valLoss?: number;
  /** The learning rate of this epoch, recorded when a schedule or early stopping is configured. */
  readonly learningRate?: number;
  readonly seconds: number;
}

export interface FusedFitHooks {
  /** Shuffles the training windows each epoch (the stage Rng, as the layers engine uses it). */
  readonly rng: Rng;
  /** Draws dropout masks (the layers engine's `dropout` stream). */
  readonly dropoutRng: Rng;
  readonly signal: AbortSignal;
  /** For errors. */
  readonly stage?: string;
  onEpoch(result: EpochResult): void;
  /** Batches done in the current epoch, for live bars: at most every BATCH_EVENT_MS, never per batch. */
  onBatch?(epoch: number, batch: number, batches: number): void;
  /** Go on from a checkpoint: `params` then holds its weights, the Rngs continue from its states. */
  readonly resume?: FusedFitResume;
  /** Save a checkpoint every `every` epochs (not after the last: the stage completes then). */
  readonly checkpoint?: FusedFitCheckpoint;
  /**
   * Learning-rate schedule and early stopping, consulted at each epoch (epoch-control.ts). Its
   * `best` holds a copy of the best epoch's weights, put back into `params` when training ends.
   */
  readonly control?: EpochControl<Float64Array>;
}

export interface FusedFitResume {
  /** Epochs done. */
  readonly epoch: number;
  readonly history: readonly EpochResult[];
  readonly optimizer: OptimizerState;
}

export interface FusedFitCheckpoint {
  readonly every: number;
  /** After epoch `epoch`: `params` holds the weights, the Rngs are where the next epoch starts. */
  save(epoch: number, history: readonly EpochResult[], optimizer: OptimizerState): Promise<void>;
}

/** Give signal handlers (Ctrl-C) a chance to run this often during an epoch. */
const YIELD_MS = 50;
/** Batch progress rides on those yields, at this rate at most (the layers engine's rate). */
const BATCH_EVENT_MS = 200;

/** Trains `params` (laid out by `layout`) in place; returns the history. */
export async function fusedFit(
  layout: FusedLayout, params: Float64Array, train: Windows, validation: Windows | undefined,
  options: FusedTrainingParams, hooks: FusedFitHooks,
): Promise<EpochResult[]> {
  const n = train.count;
  const batchSize = Math.min(options.batchSize, n);
  // Batches above one chunk train as chunks (the same bits for any thread count); threads only
  // when the run is long enough to repay starting them (THREAD_MIN_WORK).
  const net = batchSize > CHUNK_ROWS ? new ChunkedNetwork(layout, params, batchSize) : createFusedNetwork(layout, params, batchSize);
  try {
    if (net instanceof ChunkedNetwork && stepWork(layout, batchSize) * Math.ceil(n / batchSize) * options.epochs >= THREAD_MIN_WORK()) {
      // Workers that cannot start leave the run on this thread: the same bits, only slower.
      await startChunkThreads(net, threadSetting(options.threads), options.loss, options.quantiles).catch(() => undefined);
    }
    return await fitLoop(net, layout, params, train, validation, options, hooks);
  } finally {
    if (net instanceof ChunkedNetwork) await net.close();
  }
}

/** Multiply-adds of one step's products (forward; backward is about twice): the threads' yardstick. */
function stepWork(layout: FusedLayout, B: number): number {
  return forwardWork(layout) * B;
}

/**
 * About a second of single-thread work (multiply-adds over the run): below it, starting workers
 * (tens of ms each) is not worth it. SEQPIPE_THREAD_MIN_WORK overrides it (tests, benchmarks).
 */
const THREAD_MIN_WORK = (): number => {
  const v = Number(process.env.SEQPIPE_THREAD_MIN_WORK);
  return Number.isFinite(v) && process.env.SEQPIPE_THREAD_MIN_WORK !== '' && process.env.SEQPIPE_THREAD_MIN_WORK !== undefined ? v : 2e9;
};

async function fitLoop(
  net: FusedTrainable | ChunkedNetwork, layout: FusedLayout, params: Float64Array, train: Windows, validation: Windows | undefined,
  options: FusedTrainingParams, hooks: FusedFitHooks,
): Promise<EpochResult[]> {
  const n = train.count;
  const batchSize = Math.min(options.batchSize, n);
  const inference = net instanceof ChunkedNetwork ? net.chunks[0]! : net;
  const weights = net.params;
  const optimizer = net.createOptimizer(options.optimizer, options.learningRate);
  const clip = options.clipNorm !== undefined || options.clipValue !== undefined;
  const history: EpochResult[] = [...(hooks.resume?.history ?? [])];
  if (hooks.resume) optimizer.restore(hooks.resume.optimizer);
  const order = new Int32Array(n);
  let lastYield = performance.now();
  let lastBatchEvent = lastYield;
  const batches = Math.ceil(n / batchSize);
  const { control } = hooks;
  // Not the fixed bases: the layers engine decays trainable weights only.
  const decay = options.weightDecay ? decayRanges(trainableTensors(layout)) : undefined;
  for (let epoch = (hooks.resume?.epoch ?? 0) + 1; epoch <= options.epochs; epoch++) {
    const started = performance.now();
    const lr = control ? control.learningRate(epoch) : options.learningRate;
    if (control) optimizer.setLearningRate(lr);
    for (let i = 0; i < n; i++) order[i] = i;
    if (options.shuffle) hooks.rng.shuffle(order);
    let sum = 0;
    for (let start = 0; start < n; start += batchSize) {
      if (performance.now() - lastYield > YIELD_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
        if (hooks.onBatch && lastYield - lastBatchEvent > BATCH_EVENT_MS) {
          lastBatchEvent = lastYield;
          hooks.onBatch(epoch, start / batchSize, batches);
        }
      }
      hooks.signal.throwIfAborted();
      const end = Math.min(n, start + batchSize);
      const B = net.load(gatherX(train, order, start, end), targets(train, order, start, end, options), undefined, 0, end - start);
      net.drawMasks(hooks.dropoutRng, B);
      sum += net.trainStep(B, options.loss, options.quantiles) * B;
      if (clip) clipGradients(net.grads, layout.tensors, options);
      // Keras order: decay the weights the gradients were taken at, then the optimizer's update.
      if (decay) applyWeightDecay(weights, decay, lr, options.weightDecay!);
      optimizer.step(weights, net.grads);
    }
    const loss = sum / n;
    params.set(weights);
    if (!Number.isFinite(loss)) {
      throw new SeqpipeError('E_LOSS_NOT_FINITE', messages.E_LOSS_NOT_FINITE(epoch, loss, lr), { exitCode: 1, ...(hooks.stage ? { stage: hooks.stage } : {}) });
    }
    net.clearMasks();
    const valLoss = validation && validation.count > 0 ? datasetLoss(inference, validation, options.loss, options.quantiles) : undefined;
    const result: EpochResult = {
      epoch, loss, ...(valLoss === undefined ? {} : { valLoss }), ...(control ? { learningRate: lr } : {}), seconds: (performance.now() - started) / 1000,
    };
    history.push(result);
    hooks.onEpoch(result);
    const verdict = control ? endEpoch(control, epoch, result, hooks.stage) : undefined;
    if (verdict?.improved) control!.best = Float64Array.from(weights);
    if (verdict?.stop) break;
    const every = hooks.checkpoint?.every ?? 0;
    if (every > 0 && epoch % every === 0 && epoch < options.epochs) await hooks.checkpoint!.save(epoch, history, optimizer.state());
  }
  if (control?.earlyStopping && control.best) params.set(control.best);
  return history;
}

/** The control's verdict, a missing validation loss as the stage error it is. */
export function endEpoch<W>(control: EpochControl<W>, epoch: number, losses: { loss: number; valLoss?: number }, stage?: string) {
  try {
    return control.endEpoch(epoch, losses);
  } catch (error) {
    if (!(error instanceof MonitorMissingError)) throw error;
    throw new SeqpipeError('E_MONITOR_NO_VALIDATION', messages.E_MONITOR_NO_VALIDATION(control.monitoredBy, []), { exitCode: 1, ...(stage ? { stage } : {}) });
  }
}

/** Mean loss over all windows, in inference mode (no dropout), in chunks of the network's capacity. */
export function datasetLoss(net: FusedTrainable, w: Windows, loss: LossKind, quantiles?: readonly number[]): number {
  let sum = 0;
  for (let start = 0; start < w.count; start += net.capacity) {
    const end = Math.min(w.count, start + net.capacity);
    const B = net.load(gatherX(w, undefined, start, end), targets(w, undefined, start, end, { loss, quantiles }), undefined, 0, end - start);
    net.forward(B, false);
    sum += net.loss(B, loss, quantiles) * B;
  }
  return sum / w.count;
}

/** The batch's targets, repeated per quantile for loss quantile (outputs [horizon, targets, Q]). */
function targets(
  w: Windows, order: Int32Array | undefined, start: number, end: number, { loss, quantiles }: { loss: LossKind; quantiles?: readonly number[] | undefined },
): Float32Array {
  const y = gatherY(w, order, start, end);
  return loss === 'quantile' ? repeatTargets(y, quantiles?.length ?? 1) : y;
}
