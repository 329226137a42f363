import { testContext, type ModelSpec, type RecurrentLayerSpec } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { loadTf } from '../backend/load-tf.js';
import { sineSplit } from '../testing/sine-split.js';
import type { TrainingParams } from '../training/training-params.js';
import { tfjsTrainerStage } from './tfjs.trainer.js';

const layer = (cell: RecurrentLayerSpec['cell'], units: number, extra: Partial<RecurrentLayerSpec> = {}): RecurrentLayerSpec => ({
  cell, units, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0, ...extra,
});
const spec = (...layers: RecurrentLayerSpec[]): ModelSpec => ({ kind: 'model-spec', layers, head: { activation: 'linear' } });
const params = (p: Partial<TrainingParams> = {}): TrainingParams => ({
  optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 3, batchSize: 8, shuffle: true, ...p,
});
const data = sineSplit({ validation: 0.15 });

async function train(seed: number, s = spec(layer('simpleRNN', 8)), p = params()) {
  const ctx = testContext('train', seed);
  const f = await tfjsTrainerStage.run(ctx, { model: s, data }, p);
  // Batch events come at a bounded rate (timing-dependent); the epoch events are the record.
  const events = ctx.events.flatMap((e) => (e.type === 'epoch' ? [e] : []));
  try {
    return { events, predictions: await f.predict(data.test.x, data.test.count), summary: f.summary };
  } finally {
    f.dispose!();
  }
}

describe('trainer/tfjs', () => {
  it('is bit-identical for the same seed and differs for another', async () => {
    const a = await train(11);
    const b = await train(11);
    expect(b.events.map((e) => [e.loss, e.valLoss])).toEqual(a.events.map((e) => [e.loss, e.valLoss]));
    expect(b.predictions).toEqual(a.predictions);
    const c = await train(12);
    expect(c.predictions).not.toEqual(a.predictions);
  });

  it('reports every epoch and lowers the loss on a sine', async () => {
    const { events, summary, predictions } = await train(3, spec(layer('simpleRNN', 8)), params({ epochs: 5 }));
    expect(events.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(events.every((e) => e.type === 'epoch' && e.epochs === 5 && e.valLoss !== undefined)).toBe(true);
    expect(events[4]!.loss).toBeLessThan(events[0]!.loss / 2);
    expect(predictions).toHaveLength(data.test.count);
    expect(summary).toMatchObject({ params: expect.any(Number), backend: expect.any(String), history: expect.any(Array) });
  });

  it.each(['gru', 'lstm'] as const)('trains a stacked %s with dropout', async (cell) => {
    const s = spec(layer(cell, 4, { dropout: 0.2, recurrentDropout: 0.1 }), layer(cell, 3));
    const a = await train(5, s, params({ epochs: 1 }));
    expect(Number.isFinite(a.events[0]!.loss)).toBe(true);
    // Dropout masks come from the seed too.
    expect((await train(5, s, params({ epochs: 1 }))).predictions).toEqual(a.predictions);
  });

  it('leaves no tensors behind once the forecaster is disposed', async () => {
    const tf = await loadTf();
    const before = tf.memory().numTensors;
    await train(2, spec(layer('lstm', 4, { dropout: 0.2 })), params({ epochs: 2, batchSize: 7, optimizer: 'rmsprop' }));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops between batches when aborted', async () => {
    const ctx = testContext('train', 1);
    ctx.abort();
    const tf = await loadTf();
    const before = tf.memory().numTensors;
    const run = tfjsTrainerStage.run(ctx, { model: spec(layer('simpleRNN', 4)), data }, params());
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
