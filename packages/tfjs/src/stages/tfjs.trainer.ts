/**
 * `trainer/tfjs`: trains a model/rnn, model/mlp, model/linear or model/nbeats network for the split's shapes, initialised from the stage
 * seed, with the fused kernels (default where they implement the spec) or tfjs-layers. Same seed,
 * engine (and, for layers, backend) and data → bit-identical weights.
 */
import { defineStage, messages, SeqpipeError } from '@seqpipe/core';
import type { Forecaster, ModelSpec, StageIssue } from '@seqpipe/core';
import { DEFAULT_CHECKPOINT_EVERY } from '../training/checkpointing.js';
import { chooseEngine } from '../training/engine.js';
import { trainFused } from '../training/fused-training.js';
import { trainLayers } from '../training/layers-training.js';
import { combineLocal, localSeries, trainLocal, trainSeries } from '../training/local-training.js';
import type { TrainingParams } from '../training/training-params.js';

const positive = (description: string) => ({ type: 'number', exclusiveMinimum: 0, description });

export const tfjsTrainerStage = defineStage({
  uses: 'trainer/tfjs',
  version: '2',
  description: 'Trains a model/rnn, model/mlp, model/linear or model/nbeats network: fused JS kernels where they implement it, else TensorFlow.js layers (seeded init and shuffling; loss per epoch).',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      optimizer: { type: 'string', enum: ['adam', 'sgd', 'rmsprop'], default: 'adam', description: 'Optimizer (Keras default hyper-parameters).' },
      learningRate: { type: 'number', exclusiveMinimum: 0, default: 0.001, description: 'Optimizer learning rate.' },
      loss: { type: 'string', enum: ['mse', 'mae'], default: 'mse', description: 'Training loss: mean squared or mean absolute error.' },
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
      checkpointEvery: {
        type: 'integer', minimum: 0, default: DEFAULT_CHECKPOINT_EVERY,
        description: 'Save a checkpoint every N epochs, so a killed run resumes from it bit-identically (0: never). Not in the cache key.',
      },
    },
  },
  // Resuming gives the same bytes as an uninterrupted run, so how often it checkpoints is not keyed.
  volatileParams: ['checkpointEvery'],
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
    const need = model?.minLookback;
    if (need !== undefined && data?.lookback !== undefined && need > data.lookback) {
      issues.push({ code: 'E_MODEL_LOOKBACK', severity: 'error', message: messages.E_MODEL_LOOKBACK(`its model (a ${need}-step decomposition kernel)`, need, data.lookback) });
    }
    return { issues };
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
