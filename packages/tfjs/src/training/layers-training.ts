/** Trains with tfjs-layers: a seeded tf.Sequential and our own fit loop (fit-loop.ts). */
import { createRng, deriveSeed, messages, restoreRng, type ModelSpec, type Split, type StageContext } from '@seqpipe/core';
import { loadTfInfo } from '../backend/load-tf.js';
import { buildModel, type ModelShape } from '../model/build-model.js';
import { disposeModel } from '../model/dispose-model.js';
import { createTfjsForecaster, type TfjsForecaster } from '../model/tfjs-forecaster.js';
import { controlScalars } from '@seqpipe/kernels';
import { checkpointSaver, controlOf, findCheckpoint } from './checkpointing.js';
import { controlSummary, logControl } from './control-summary.js';
import { fitModel } from './fit-loop.js';
import { layersState, restoreLayersOptimizer, restoreLayersWeights } from './layers-checkpoint.js';
import { quantilesOf, trainingSummary } from './model-summary.js';
import { outputWidth, type TrainingParams } from './training-params.js';

export async function trainLayers(ctx: StageContext, spec: ModelSpec, data: Split, params: TrainingParams): Promise<TfjsForecaster> {
  const { train, validation } = data;
  const { tf, backend } = await loadTfInfo();
  const shape: ModelShape = {
    lookback: train.lookback, features: train.columns.length, outputs: outputWidth(train.horizon, train.targetColumns.length, params), horizon: train.horizon,
  };
  const resume = await findCheckpoint(ctx, 'layers', params, () => undefined);
  const rng = resume ? restoreRng(resume.rng) : ctx.rng;
  const dropoutRng = resume ? restoreRng(resume.dropoutRng) : createRng(deriveSeed(ctx.seed, 'dropout'));
  const model = buildModel(tf, spec, shape, ctx.seed, dropoutRng);
  try {
    if (resume) {
      try {
        restoreLayersWeights(tf, model, resume);
      } catch (error) {
        ctx.log.warn(`W_CHECKPOINT_IGNORED ${messages.W_CHECKPOINT_IGNORED(ctx.stageId, (error as Error).message)}`);
        disposeModel(model);
        // Fresh Rngs and weights: train again as if there had been no checkpoint.
        const checkpoints = ctx.checkpoints && { ...ctx.checkpoints, load: async () => undefined };
        return await trainLayers({ ...ctx, rng: createRng(ctx.seed), ...(checkpoints ? { checkpoints } : {}) }, spec, data, params);
      }
      ctx.checkpoints?.resumed(resume.epoch, resume.epochs);
    }
    const from = resume;
    const saver = checkpointSaver(ctx, params);
    const control = controlOf(params, from, (ts) => ts.map((t) => ({ shape: t.shape, data: Float32Array.from(t.data) })));
    const history = await fitModel(tf, model, train, validation, params, {
      rng,
      signal: ctx.signal,
      stage: ctx.stageId,
      ...(control ? { control } : {}),
      onEpoch: (e) => ctx.progress({ type: 'epoch', epochs: params.epochs, ...e }),
      onBatch: (epoch, batch, batches) => ctx.progress({ type: 'batch', epoch, epochs: params.epochs, batch, batches }),
      ...(from ? { resume: { epoch: from.epoch, history: from.history, restore: (o) => restoreLayersOptimizer(tf, o, from) } } : {}),
      ...(saver ? {
        checkpoint: {
          every: saver.every,
          save: async (epoch, hist, optimizer) => {
            const state = await layersState(model, optimizer);
            await saver.save({
              engine: 'layers', epoch, epochs: params.epochs, rng: rng.state(), dropoutRng: dropoutRng.state(), history: hist,
              optimizer: { name: params.optimizer, scalars: state.scalars },
              ...(control ? { control: controlScalars(control.state()) } : {}),
              tensors: [...state.tensors, ...(control?.best ?? []).map((w, i) => ({ name: `best:${i}`, shape: w.shape, data: w.data }))],
            });
          },
        },
      } : {}),
    });
    const controlled = control && controlSummary(control, history, params);
    const summary = trainingSummary({
      spec, shape, params: model.countParams(), engine: 'layers', backend, training: params, history, ...(controlled ? { control: controlled } : {}),
    });
    if (controlled && params.part === undefined) logControl(ctx, controlled, params);
    return createTfjsForecaster(tf, model, {
      lookback: train.lookback, features: train.columns.length, horizon: train.horizon, targets: train.targetColumns.length,
    }, spec, summary, quantilesOf(params));
  } catch (error) {
    disposeModel(model);
    throw error;
  }
}
