/** Trains with the fused kernels: no TensorFlow is loaded, the result predicts in plain JS. */
import { createRng, deriveSeed, restoreRng, type ModelSpec, type Split, type StageContext } from '@seqpipe/core';
import { controlScalars, createFusedForecaster, fusedFit, fusedLayout, initialParams, kernelsIdentity, type FusedForecaster } from '@seqpipe/kernels';
import { checkpointSaver, controlOf, findCheckpoint, tensorsOf } from './checkpointing.js';
import { controlSummary, logControl } from './control-summary.js';
import { quantilesOf, trainingSummary } from './model-summary.js';
import { outputWidth, type TrainingParams } from './training-params.js';

export async function trainFused(ctx: StageContext, spec: ModelSpec, data: Split, params: TrainingParams): Promise<FusedForecaster> {
  const { train, validation } = data;
  const shape = { lookback: train.lookback, features: train.columns.length, outputs: outputWidth(train.horizon, train.targetColumns.length, params), horizon: train.horizon };
  const layout = fusedLayout(spec, shape);
  const resume = await findCheckpoint(ctx, 'fused', params, (c) => {
    const [w, ...opt] = [...tensorsOf(c, 'weight:'), ...tensorsOf(c, 'optimizer:'), ...tensorsOf(c, 'best:')];
    if (w?.data.length !== layout.size || !(w.data instanceof Float64Array) || opt.some((t) => t.data.length !== layout.size || !(t.data instanceof Float64Array))) {
      throw new Error('does not fit this network');
    }
  });
  // The same derived streams as build-model.ts: identical initial weights and dropout masks.
  const weights = resume
    ? Float64Array.from(tensorsOf(resume, 'weight:')[0]!.data)
    : initialParams(spec, shape, createRng(deriveSeed(ctx.seed, 'init')));
  const rng = resume ? restoreRng(resume.rng) : ctx.rng;
  const dropoutRng = resume ? restoreRng(resume.dropoutRng) : createRng(deriveSeed(ctx.seed, 'dropout'));
  if (resume) ctx.checkpoints?.resumed(resume.epoch, resume.epochs);
  const saver = checkpointSaver(ctx, params);
  const control = controlOf(params, resume, (t) => Float64Array.from(t[0]!.data));
  const history = await fusedFit(layout, weights, train, validation, params, {
    rng,
    dropoutRng,
    signal: ctx.signal,
    stage: ctx.stageId,
    ...(control ? { control } : {}),
    onEpoch: (e) => ctx.progress({ type: 'epoch', epochs: params.epochs, ...e }),
    onBatch: (epoch, batch, batches) => ctx.progress({ type: 'batch', epoch, epochs: params.epochs, batch, batches }),
    ...(resume ? {
      resume: {
        epoch: resume.epoch, history: resume.history,
        optimizer: { scalars: resume.optimizer.scalars, arrays: tensorsOf(resume, 'optimizer:').map((t) => t.data as Float64Array) },
      },
    } : {}),
    ...(saver ? {
      checkpoint: {
        every: saver.every,
        save: (epoch, hist, optimizer) => saver.save({
          engine: 'fused', epoch, epochs: params.epochs, rng: rng.state(), dropoutRng: dropoutRng.state(), history: hist,
          optimizer: { name: params.optimizer, scalars: optimizer.scalars },
          ...(control ? { control: controlScalars(control.state()) } : {}),
          tensors: [
            { name: 'weight:params', shape: [weights.length], data: weights },
            ...optimizer.arrays.map((a, i) => ({ name: `optimizer:${i}`, shape: [a.length], data: a })),
            ...(control?.best ? [{ name: 'best:params', shape: [control.best.length], data: control.best }] : []),
          ],
        }),
      },
    } : {}),
  });
  const controlled = control && controlSummary(control, history, params);
  const kernels = kernelsIdentity();
  const summary = trainingSummary({
    spec, shape, params: layout.size, engine: 'fused', ...(kernels ? { kernels } : {}), training: params, history, ...(controlled ? { control: controlled } : {}),
  });
  if (controlled && params.part === undefined) logControl(ctx, controlled, params);
  return createFusedForecaster(
    { lookback: train.lookback, features: train.columns.length, horizon: train.horizon, targets: train.targetColumns.length },
    spec, Float32Array.from(weights), summary, quantilesOf(params),
  );
}
