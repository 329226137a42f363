/**
 * Resumable training: stopped after epoch k (the run's AbortSignal, from an epoch event), resumed
 * from the checkpoint, the trained artifact's bytes — weights, loss history, everything — equal an
 * uninterrupted run's. Dropout is on, so the Rng states in the checkpoint matter.
 */
import { memoryCheckpoints, testContext, toBytes, type Forecaster, type ModelSpec, type RecurrentLayerSpec } from '@seqpipe/core';
import { FUSED_IMPL, fusedForecasterCodec } from '@seqpipe/kernels';
import { describe, expect, it } from 'vitest';
import { tfjsForecasterCodec } from '../model/tfjs-forecaster.codec.js';
import { tfjsTrainerStage } from '../stages/tfjs.trainer.js';
import { sineSplit } from '../testing/sine-split.js';
import type { TrainingParams } from './training-params.js';

const layer = (cell: RecurrentLayerSpec['cell'], units: number): RecurrentLayerSpec => ({
  cell, units, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0.2, recurrentDropout: 0.1,
});
const spec = (cell: RecurrentLayerSpec['cell']): ModelSpec => ({ kind: 'model-spec', layers: [layer(cell, 4)], head: { activation: 'linear' } });
const data = sineSplit({ points: 80, validation: 0.15 });

async function bytesOf(f: Forecaster): Promise<Uint8Array> {
  const codec = f.impl === FUSED_IMPL ? fusedForecasterCodec : tfjsForecasterCodec;
  try {
    return toBytes(await codec.encode(f as never));
  } finally {
    f.dispose?.();
  }
}

/** Trains; `stopAfter` aborts the run's signal once that epoch is reported. */
async function train(s: ModelSpec, p: TrainingParams, checkpoints = memoryCheckpoints(), stopAfter?: number) {
  const ctx = testContext('train', 9);
  const epochs: number[] = [];
  const run = tfjsTrainerStage.run({
    ...ctx, checkpoints,
    progress: (e) => {
      if (e.type !== 'epoch') return;
      epochs.push(e.epoch);
      if (e.epoch === stopAfter) ctx.abort();
    },
  }, { model: s, data }, p);
  return { run, epochs, checkpoints, logs: ctx.logs };
}

const cases = [
  ['fused', 'simpleRNN', 'adam'], ['fused', 'gru', 'rmsprop'], ['fused', 'lstm', 'adam'], ['fused', 'gru', 'sgd'],
  ['layers', 'gru', 'adam'], ['layers', 'simpleRNN', 'rmsprop'],
] as const;

describe.each(cases)('resumable training, engine %s, %s, %s', (engine, cell, optimizer) => {
  const params: TrainingParams = {
    optimizer, learningRate: 0.01, loss: 'mse', epochs: 5, batchSize: 8, shuffle: true, engine, checkpointEvery: 2,
  };

  it('resumes after a stop at epoch 3 from the epoch-2 checkpoint, bit-identical to an uninterrupted run', async () => {
    const whole = await train(spec(cell), params);
    const expected = await bytesOf(await whole.run);
    // Checkpoints at 2 and 4, never after the last epoch.
    expect(whole.checkpoints.saves).toEqual([2, 4]);

    const stopped = await train(spec(cell), params, memoryCheckpoints(), 3);
    await expect(stopped.run).rejects.toThrow();
    expect(stopped.epochs).toEqual([1, 2, 3]);
    expect(stopped.checkpoints.saves).toEqual([2]);

    const resumed = await train(spec(cell), params, stopped.checkpoints);
    const bytes = await bytesOf(await resumed.run);
    expect(resumed.checkpoints.resumes).toEqual([{ epoch: 2, epochs: 5 }]);
    expect(resumed.epochs).toEqual([3, 4, 5]);
    expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
  });
});

describe('a checkpoint that does not fit', () => {
  const params: TrainingParams = {
    optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 4, batchSize: 8, shuffle: true, engine: 'fused', checkpointEvery: 2,
  };

  it('is ignored with a note, and training starts from epoch 1 with the same result', async () => {
    const expected = await bytesOf(await (await train(spec('gru'), params)).run);
    const other = await train(spec('gru'), { ...params, optimizer: 'sgd' }, memoryCheckpoints(), 3);
    await expect(other.run).rejects.toThrow();
    const again = await train(spec('gru'), params, other.checkpoints);
    expect(Buffer.from(await bytesOf(await again.run)).equals(Buffer.from(expected))).toBe(true);
    expect(again.checkpoints.resumes).toEqual([]);
    expect(again.epochs[0]).toBe(1);
    expect(again.logs.some((l) => l.startsWith('warn: W_CHECKPOINT_IGNORED'))).toBe(true);
  });

  it('checkpointEvery stays out of the trained bytes', async () => {
    const a = await bytesOf(await (await train(spec('simpleRNN'), params)).run);
    const b = await bytesOf(await (await train(spec('simpleRNN'), { ...params, checkpointEvery: 0 })).run);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

/** Early stopping, a schedule and weight decay: their state (best weights, best loss and epoch, wait counters, rate) is in the checkpoint. */
const controlled = [
  ['fused', 'gru', 'adam', { earlyStopping: { patience: 2, minDelta: 0.0005 }, lrSchedule: { type: 'plateau', factor: 0.5, patience: 1 }, weightDecay: 0.01 }],
  ['fused', 'lstm', 'sgd', { earlyStopping: { patience: 3, monitor: 'loss' }, lrSchedule: { type: 'cosine', minLr: 0.001, warmup: 1 }, weightDecay: 0.1 }],
  ['layers', 'gru', 'adam', { earlyStopping: { patience: 2, minDelta: 0.0005 }, lrSchedule: { type: 'plateau', factor: 0.5, patience: 1 }, weightDecay: 0.01 }],
  ['layers', 'simpleRNN', 'rmsprop', { earlyStopping: { patience: 2 }, lrSchedule: { type: 'cosine' } }],
] as const;

describe.each(controlled)('resumable training control, engine %s, %s, %s', (engine, cell, optimizer, control) => {
  const params: TrainingParams = {
    optimizer, learningRate: 0.05, loss: 'mse', epochs: 14, batchSize: 8, shuffle: true, engine, checkpointEvery: 2, ...control,
  };

  it('resumes from the epoch-2 checkpoint bit-identically, early stop and restored best weights included', async () => {
    const whole = await train(spec(cell), params);
    const forecaster = await whole.run;
    const summary = forecaster.summary['control'] as { stoppedEpoch?: number; bestEpoch?: number };
    const expected = await bytesOf(forecaster);
    if (process.env.SHOW_NUMBERS) console.log(engine, cell, optimizer, JSON.stringify(summary));

    const stopped = await train(spec(cell), params, memoryCheckpoints(), 3);
    await expect(stopped.run).rejects.toThrow();
    expect(stopped.checkpoints.saves).toEqual([2]);

    const resumed = await train(spec(cell), params, stopped.checkpoints);
    const bytes = await bytesOf(await resumed.run);
    expect(resumed.checkpoints.resumes).toEqual([{ epoch: 2, epochs: 14 }]);
    expect(resumed.epochs[0]).toBe(3);
    expect(resumed.epochs.at(-1)).toBe(whole.epochs.at(-1));
    expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
  });
});
