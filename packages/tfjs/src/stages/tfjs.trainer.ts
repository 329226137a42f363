/**
 * `trainer/tfjs`: builds the network for the split's shapes, initializes it from the stage seed,
 * and trains it with our seeded loop. Same seed, backend and data → bit-identical weights.
 */
import { defineStage, SeqpipeError } from '@seqpipe/core';
import type { Forecaster } from '@seqpipe/core';
import { loadTfInfo } from '../backend/load-tf.js';
import { buildModel, type ModelShape } from '../model/build-model.js';
import { disposeModel } from '../model/dispose-model.js';
import { createTfjsForecaster } from '../model/tfjs-forecaster.js';
import { fitModel } from '../training/fit-loop.js';
import { trainingSummary } from '../training/model-summary.js';
import type { TrainingParams } from '../training/training-params.js';

export const tfjsTrainerStage = defineStage({
  uses: 'trainer/tfjs',
  version: '1',
  description: 'Trains a model/rnn network with TensorFlow.js (seeded init and shuffling; loss per epoch).',
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
    },
  },
  inputs: { model: 'model-spec', data: 'split' },
  output: 'forecaster',
  random: true,
  numeric: true,
  async run(ctx, { model: spec, data }, params: TrainingParams): Promise<Forecaster> {
    const { train, validation } = data;
    if (train.count === 0) throw new SeqpipeError('E_EMPTY_PART', 'the train part has no windows to learn from', { stage: ctx.stageId, exitCode: 1 });
    const { tf, backend } = await loadTfInfo();
    const shape: ModelShape = {
      lookback: train.lookback, features: train.columns.length, outputs: train.horizon * train.targetColumns.length,
    };
    const model = buildModel(tf, spec, shape, ctx.seed);
    try {
      const history = await fitModel(tf, model, train, validation, params, {
        rng: ctx.rng,
        signal: ctx.signal,
        onEpoch: (e) => ctx.progress({ type: 'epoch', epochs: params.epochs, ...e }),
        onBatch: (epoch, batch, batches) => ctx.progress({ type: 'batch', epoch, epochs: params.epochs, batch, batches }),
      });
      const summary = trainingSummary({
        spec, shape, params: model.countParams(), backend, training: params, history,
      });
      return createTfjsForecaster(tf, model, {
        lookback: train.lookback, features: train.columns.length, horizon: train.horizon, targets: train.targetColumns.length,
      }, spec, summary);
    } catch (error) {
      disposeModel(model);
      throw error;
    }
  },
});
