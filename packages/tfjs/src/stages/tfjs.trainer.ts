/**
 * `trainer/tfjs`: trains a model/rnn, model/mlp, model/linear or model/nbeats network for the split's shapes, initialised from the stage
 * seed, with the fused kernels (default where they implement the spec) or tfjs-layers. Same seed,
 * engine (and, for layers, backend) and data → bit-identical weights.
 */
import { defineStage, messages, SeqpipeError } from '@seqpipe/core';
import type { Forecaster, ModelSpec, StageIssue } from '@seqpipe/core';
import { valLossMonitor } from '@seqpipe/kernels';
import { DEFAULT_CHECKPOINT_EVERY } from '../training/checkpointing.js';
import { chooseEngine } from '../training/engine.js';
import { trainFused } from '../training/fused-training.js';
import { trainLayers } from '../training/layers-training.js';
import { combineLocal, localSeries, trainLocal, trainSeries } from '../training/local-training.js';
import { quantileIssues } from '../training/quantile-params.js';
import type { TrainingParams } from '../training/training-params.js';

/** The keys each learning-rate schedule takes. */
const SCHEDULE_KEYS: Record<'plateau' | 'cosine', readonly string[]> = {
  plateau: ['type', 'factor', 'patience', 'minDelta', 'monitor', 'minLr'],
  cosine: ['type', 'minLr', 'warmup'],
};

const positive = (description: string) => ({ type: 'number', exclusiveMinimum: 0, description });

export const tfjsTrainerStage = defineStage({
  uses: 'trainer/tfjs',
  // 3: the fused engine computes in float32 (issue 17), so its weights for a key differ from version 2's.
  version: '3',
  description: 'Trains a model/rnn, model/mlp, model/linear or model/nbeats network: fused JS kernels where they implement it, else TensorFlow.js layers (seeded init and shuffling; loss per epoch).',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      optimizer: { type: 'string', enum: ['adam', 'sgd', 'rmsprop'], default: 'adam', description: 'Optimizer (Keras default hyper-parameters).' },
      learningRate: { type: 'number', exclusiveMinimum: 0, default: 0.001, description: 'Optimizer learning rate.' },
      loss: {
        type: 'string', enum: ['mse', 'mae', 'quantile'], default: 'mse',
        description: 'Training loss: mean squared error, mean absolute error, or quantile (mean pinball loss over the quantiles given in `quantiles`: the network then outputs [horizon, targets, quantiles] per window and the forecaster gives intervals).',
      },
      // No default: absent unless loss is quantile, so other trainers' cache keys are unchanged.
      quantiles: {
        type: 'array', items: { type: 'number' },
        description: 'For loss: quantile (required there): ascending quantiles strictly inside (0, 1) including 0.5, the point forecast, e.g. [0.025, 0.5, 0.975]. Each pair q, 1 − q gives a central interval at level (1 − 2q)·100 (0.025/0.975 → 95).',
      },
      epochs: { type: 'integer', minimum: 1, default: 50, description: 'Passes over the training windows.' },
      batchSize: { type: 'integer', minimum: 1, default: 32, description: 'Windows per optimizer step.' },
      shuffle: { type: 'boolean', default: true, description: 'Shuffle the training windows every epoch (seeded).' },
      engine: {
        type: 'string', enum: ['auto', 'fused', 'layers'], default: 'auto',
        description: 'Training engine: fused (one-pass JS kernels, no TensorFlow), layers (tfjs-layers), or auto (fused where it implements the network, else layers).',
      },
      clipNorm: positive('Clip each gradient tensor to this L2 norm (Keras clipnorm).'),
      clipValue: positive('Clip every gradient element to [-clipValue, clipValue] (Keras clipvalue).'),
      // No default: a defaulted param would enter every trainer's cache key. Absent = one global model.
      local: {
        type: 'boolean',
        description: "One model per series of a panel, each trained on that series' windows only (seeded from the stage seed and the series id), instead of one global model over all series.",
      },
      part: { type: 'string', description: 'Set by seqpipe for local: true (the series this job trains); leave it out.' },
      parts: { type: 'array', items: { type: 'string' }, description: 'Set by seqpipe for local: true (the series whose models this job combines); leave it out.' },
      weightDecay: {
        type: 'number', exclusiveMinimum: 0,
        description: "Decoupled weight decay (AdamW style, as Keras optimizers' weight_decay): before each update w −= lr·weightDecay·w, with the epoch's learning rate, on kernels only (biases are excluded). Works with every optimizer.",
      },
      earlyStopping: {
        type: 'object', additionalProperties: false, required: ['patience'],
        description: "Stop when the monitored loss has not improved by more than minDelta for patience epochs (Keras EarlyStopping), and restore the best epoch's weights exactly (also when training runs all its epochs). run.json records stoppedEpoch and bestEpoch.",
        properties: {
          patience: { type: 'integer', minimum: 0, description: 'Epochs without improvement before stopping.' },
          minDelta: { type: 'number', minimum: 0, default: 0, description: 'An epoch improves only if its loss is below the best by more than this.' },
          monitor: { type: 'string', enum: ['val_loss', 'loss'], default: 'val_loss', description: "val_loss: the loss on the split's validation part (the split needs one); loss: the training loss." },
        },
      },
      lrSchedule: {
        type: 'object', additionalProperties: false, required: ['type'],
        // One object rather than a oneOf per type: ajv's useDefaults skips oneOf branches and its
        // errors there are vague; check() refuses a key the chosen type does not take.
        description: 'Learning rate per epoch. plateau: multiply it by factor after patience epochs without improvement of the monitored loss (Keras ReduceLROnPlateau, no cooldown). cosine: per EPOCH (not per step), epoch e after warmup uses minLr + (learningRate − minLr)·(1 + cos(π·(e − 1 − warmup)/(epochs − warmup)))/2; warm-up epochs e rise linearly, learningRate·e/warmup.',
        properties: {
          type: { type: 'string', enum: ['plateau', 'cosine'], description: 'plateau: reduce on plateau; cosine: cosine decay over the epochs.' },
          factor: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'plateau: new rate = max(rate · factor, minLr); default 0.1.' },
          patience: { type: 'integer', minimum: 0, description: 'plateau: epochs without improvement before a reduction; default 10.' },
          minDelta: { type: 'number', minimum: 0, description: 'plateau: an epoch improves only if its loss is below the best by more than this; default 0.0001 (Keras).' },
          monitor: { type: 'string', enum: ['val_loss', 'loss'], description: 'plateau: the loss watched; default val_loss (the split needs a validation part).' },
          minLr: { type: 'number', minimum: 0, description: 'The rate never goes below this (plateau) / the rate the decay goes towards (cosine); default 0.' },
          warmup: { type: 'integer', minimum: 0, description: 'cosine: epochs of linear warm-up to learningRate before the decay; default 0.' },
        },
      },
      checkpointEvery: {
        type: 'integer', minimum: 0, default: DEFAULT_CHECKPOINT_EVERY,
        description: 'Save a checkpoint every N epochs, so a killed run resumes from it bit-identically (0: never). Not in the cache key.',
      },
      // No default: absent = SEQPIPE_THREADS, else 1 (opt-in; see chunk-threads.ts).
      threads: {
        type: 'integer', minimum: 1,
        description: 'Fused engine: threads that train a batch above 16 rows, as fixed chunks of 16 rows whose gradients are added in order, so any value gives bit-identical weights (used only for runs of about a second of work or more). Default: SEQPIPE_THREADS, else 1 (more threads are opt-in for now; at most 8). Not in the cache key.',
      },
    },
  },
  // Resuming gives the same bytes as an uninterrupted run, so how often it checkpoints is not keyed;
  // nor is the thread count, which never changes the bits (fixed chunks, reduced in order).
  volatileParams: ['checkpointEvery', 'threads'],
  inputs: { model: 'model-spec', data: 'split' },
  output: 'forecaster',
  random: true,
  numeric: true,
  // local: true runs as one job per series (see training/local-training.ts), then one combining them.
  partition: {
    applies: (params: TrainingParams) => params.local === true && params.part === undefined && params.parts === undefined,
    parts: (_params: TrainingParams, { data }) => localSeries(data),
  },
  check(params: TrainingParams, { model, data }) {
    const issues: StageIssue[] = params.clipNorm !== undefined && params.clipValue !== undefined
      ? [{ code: 'E_CLIP_BOTH', severity: 'error', path: ['clipValue'], message: messages.E_CLIP_BOTH() }]
      : [];
    const schedule = params.lrSchedule;
    for (const key of Object.keys(schedule ?? {})) {
      const valid = SCHEDULE_KEYS[schedule!.type];
      if (!valid.includes(key)) issues.push({ code: 'E_UNKNOWN_KEY', severity: 'error', path: ['lrSchedule', key], at: 'key', message: messages.E_UNKNOWN_KEY(key, valid) });
    }
    const monitor = valLossMonitor(params);
    if (monitor && data?.parts && !data.parts.includes('validation')) {
      issues.push({ code: 'E_MONITOR_NO_VALIDATION', severity: 'error', path: [monitor], message: messages.E_MONITOR_NO_VALIDATION(monitor, data.parts) });
    }
    const need = model?.minLookback;
    if (need !== undefined && data?.lookback !== undefined && need > data.lookback) {
      issues.push({ code: 'E_MODEL_LOOKBACK', severity: 'error', message: messages.E_MODEL_LOOKBACK(`its model (a ${need}-step decomposition kernel)`, need, data.lookback) });
    }
    return { issues: [...issues, ...quantileIssues(params)] };
  },
  async run(ctx, inputs, params: TrainingParams): Promise<Forecaster> {
    const { model: spec, data } = inputs;
    if (params.parts) {
      const extra = inputs as unknown as Record<string, Forecaster>;
      return combineLocal(data, params.parts, params.parts.map((_, i) => extra[`part${i}`]!));
    }
    if (data.train.count === 0) throw new SeqpipeError('E_EMPTY_PART', 'the train part has no windows to learn from', { stage: ctx.stageId, exitCode: 1 });
    checkLookback(spec, data.train.lookback, ctx.stageId);
    const requested = params.engine ?? 'auto';
    const choice = chooseEngine(requested, spec);
    if (choice.unsupported) {
      if (requested === 'fused') {
        throw new SeqpipeError('E_ENGINE_UNSUPPORTED', messages.E_ENGINE_UNSUPPORTED(`it does not implement ${choice.unsupported}`), { stage: ctx.stageId, exitCode: 1 });
      }
      if (params.part === undefined) ctx.log.info(`engine layers: the fused engine does not implement ${choice.unsupported}`);
    }
    // Once per stage, not once per series of a local: true training.
    if (params.part === undefined) ctx.log.info(`engine ${choice.engine}`);
    const trainOne = choice.engine === 'fused' ? trainFused : trainLayers;
    if (params.part !== undefined) return trainSeries(ctx, spec, data, params, trainOne, params.part);
    return params.local === true ? trainLocal(ctx, spec, data, params, trainOne) : trainOne(ctx, spec, data, params);
  },
});

/** What the dense families need of the windows, known only once the split exists. */
function checkLookback(spec: ModelSpec, lookback: number, stage: string): void {
  if (spec.family === 'linear' && spec.decomposition && spec.decomposition.kernel > lookback) {
    const what = `model/linear's decomposition kernel (${spec.decomposition.kernel})`;
    throw new SeqpipeError('E_MODEL_LOOKBACK', messages.E_MODEL_LOOKBACK(what, spec.decomposition.kernel, lookback), { stage, exitCode: 1 });
  }
}
