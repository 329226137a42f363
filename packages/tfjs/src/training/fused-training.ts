/** Trains with the fused kernels: no TensorFlow is loaded, the result predicts in plain JS. */
import { createRng, deriveSeed, type ModelSpec, type Split, type StageContext } from '@seqpipe/core';
import { createFusedForecaster, fusedFit, initialParams, networkLayout, type FusedForecaster } from '@seqpipe/kernels';
import { trainingSummary } from './model-summary.js';
import type { TrainingParams } from './training-params.js';

export async function trainFused(ctx: StageContext, spec: ModelSpec, data: Split, params: TrainingParams): Promise<FusedForecaster> {
  const { train, validation } = data;
  const shape = { lookback: train.lookback, features: train.columns.length, outputs: train.horizon * train.targetColumns.length };
  const layout = networkLayout(spec, shape);
  // The same derived streams as build-model.ts: identical initial weights and dropout masks.
  const weights = initialParams(spec, shape, createRng(deriveSeed(ctx.seed, 'init')));
  const history = await fusedFit(layout, weights, train, validation, params, {
    rng: ctx.rng,
    dropoutRng: createRng(deriveSeed(ctx.seed, 'dropout')),
    signal: ctx.signal,
    stage: ctx.stageId,
    onEpoch: (e) => ctx.progress({ type: 'epoch', epochs: params.epochs, ...e }),
    onBatch: (epoch, batch, batches) => ctx.progress({ type: 'batch', epoch, epochs: params.epochs, batch, batches }),
  });
  const summary = trainingSummary({ spec, shape, params: layout.size, engine: 'fused', training: params, history });
  return createFusedForecaster(
    { lookback: train.lookback, features: train.columns.length, horizon: train.horizon, targets: train.targetColumns.length },
    spec, Float32Array.from(weights), summary,
  );
}
