/** Trains with tfjs-layers: a seeded tf.Sequential and our own fit loop (fit-loop.ts). */
import type { ModelSpec, Split, StageContext } from '@seqpipe/core';
import { loadTfInfo } from '../backend/load-tf.js';
import { buildModel, type ModelShape } from '../model/build-model.js';
import { disposeModel } from '../model/dispose-model.js';
import { createTfjsForecaster, type TfjsForecaster } from '../model/tfjs-forecaster.js';
import { fitModel } from './fit-loop.js';
import { trainingSummary } from './model-summary.js';
import type { TrainingParams } from './training-params.js';

export async function trainLayers(ctx: StageContext, spec: ModelSpec, data: Split, params: TrainingParams): Promise<TfjsForecaster> {
  const { train, validation } = data;
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
      spec, shape, params: model.countParams(), engine: 'layers', backend, training: params, history,
    });
    return createTfjsForecaster(tf, model, {
      lookback: train.lookback, features: train.columns.length, horizon: train.horizon, targets: train.targetColumns.length,
    }, spec, summary);
  } catch (error) {
    disposeModel(model);
    throw error;
  }
}
