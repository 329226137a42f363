import { testContext, type ModelSpec, type RecurrentLayerSpec, gatherX } from '@seqpipe/core';
import { FUSED_IMPL } from '@seqpipe/kernels';
import { describe, expect, it } from 'vitest';
import { loadTf } from '../backend/load-tf.js';
import { sineSplit } from '../testing/sine-split.js';
import type { EngineName, TrainingParams } from '../training/training-params.js';
import { tfjsTrainerStage } from './tfjs.trainer.js';

const layer = (cell: RecurrentLayerSpec['cell'], units: number, extra: Partial<RecurrentLayerSpec> = {}): RecurrentLayerSpec => ({
  cell, units, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0, ...extra,
});
const spec = (...layers: RecurrentLayerSpec[]): ModelSpec => ({ kind: 'model-spec', layers, head: { activation: 'linear' } });
const baseParams = (p: Partial<TrainingParams> = {}): TrainingParams => ({
  optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 3, batchSize: 8, shuffle: true, ...p,
});
const data = sineSplit({ validation: 0.15 });

async function train(seed: number, s = spec(layer('simpleRNN', 8)), p = baseParams()) {
  const ctx = testContext('train', seed);
  const f = await tfjsTrainerStage.run(ctx, { model: s, data }, p);
  // Batch events come at a bounded rate (timing-dependent); the epoch events are the record.
  const events = ctx.events.flatMap((e) => (e.type === 'epoch' ? [e] : []));
  try {
    return { events, predictions: await f.predict(gatherX(data.test), data.test.count), summary: f.summary };
  } finally {
    f.dispose?.();
  }
}

describe.each(['fused', 'layers'] as const)('trainer/tfjs, engine %s', (engine: EngineName) => {
  const params = (p: Partial<TrainingParams> = {}): TrainingParams => baseParams({ engine, ...p });
  it('is bit-identical for the same seed and differs for another', async () => {
    const a = await train(11, undefined, params());
    const b = await train(11, undefined, params());
    expect(b.events.map((e) => [e.loss, e.valLoss])).toEqual(a.events.map((e) => [e.loss, e.valLoss]));
    expect(b.predictions).toEqual(a.predictions);
    const c = await train(12, undefined, params());
    expect(c.predictions).not.toEqual(a.predictions);
  });

  it('reports every epoch and lowers the loss on a sine', async () => {
    const { events, summary, predictions } = await train(3, spec(layer('simpleRNN', 8)), params({ epochs: 5 }));
    expect(events.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(events.every((e) => e.type === 'epoch' && e.epochs === 5 && e.valLoss !== undefined)).toBe(true);
    expect(events[4]!.loss).toBeLessThan(events[0]!.loss / 2);
    expect(predictions).toHaveLength(data.test.count);
    expect(summary).toMatchObject({ params: expect.any(Number), engine, history: expect.any(Array) });
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

describe('trainer/tfjs engine choice and clipping', () => {
  it('auto trains fused where the kernels implement the spec, else layers with a note', async () => {
    const fused = testContext('train', 1);
    const f = await tfjsTrainerStage.run(fused, { model: spec(layer('gru', 4)), data }, baseParams({ epochs: 1 }));
    expect(f.impl).toBe(FUSED_IMPL);
    const ctx = testContext('train', 1);
    const l = await tfjsTrainerStage.run(ctx, { model: spec(layer('simpleRNN', 4, { activation: 'elu' })), data }, baseParams({ epochs: 1 }));
    try {
      expect(l.impl).toBe('tfjs-layers');
      expect(ctx.logs.join('\n')).toMatch(/engine layers: .*activation "elu"/);
    } finally {
      l.dispose?.();
    }
  });

  it('engine fused refuses a spec it does not implement', async () => {
    const run = tfjsTrainerStage.run(testContext('train', 1), { model: spec(layer('lstm', 4, { recurrentActivation: 'softsign' })), data }, baseParams({ engine: 'fused' }));
    await expect(run).rejects.toMatchObject({ code: 'E_ENGINE_UNSUPPORTED', stage: 'train', exitCode: 1 });
  });

  it('a diverging loss stops the fused engine with E_LOSS_NOT_FINITE', async () => {
    const run = tfjsTrainerStage.run(testContext('train', 1), { model: spec(layer('simpleRNN', 4)), data }, baseParams({ engine: 'fused', optimizer: 'sgd', learningRate: 1e12, epochs: 3 }));
    await expect(run).rejects.toMatchObject({ code: 'E_LOSS_NOT_FINITE', stage: 'train', exitCode: 1 });
  });

  it('rejects clipNorm together with clipValue', () => {
    expect(tfjsTrainerStage.check!(baseParams({ clipNorm: 1, clipValue: 1 }), {}).issues).toMatchObject([{ code: 'E_CLIP_BOTH', path: ['clipValue'] }]);
    expect(tfjsTrainerStage.check!(baseParams({ clipNorm: 1 }), {}).issues).toEqual([]);
  });

  it.each(['fused', 'layers'] as const)('clipping changes training on the %s engine, and both engines agree closely', async (engine) => {
    const s = spec(layer('simpleRNN', 6));
    const run = async (p: Partial<TrainingParams>) => {
      const ctx = testContext('train', 9);
      const f = await tfjsTrainerStage.run(ctx, { model: s, data }, baseParams({ engine, epochs: 2, learningRate: 0.05, ...p }));
      f.dispose?.();
      return ctx.events.flatMap((e) => (e.type === 'epoch' ? [e.loss] : []));
    };
    const plain = await run({});
    const byNorm = await run({ clipNorm: 0.01 });
    const byValue = await run({ clipValue: 0.001 });
    expect(byNorm).not.toEqual(plain);
    expect(byValue).not.toEqual(plain);
    expect(byValue).not.toEqual(byNorm);
  });
});

describe('trainer/tfjs: the fused and layers engines train alike', () => {
  it.each(['simpleRNN', 'gru', 'lstm'] as const)('%s: same seed → losses per epoch within 1e-3 relative', async (cell) => {
    const s = spec(layer(cell, 6));
    const losses = async (engine: EngineName) => {
      const ctx = testContext('train', 21);
      const f = await tfjsTrainerStage.run(ctx, { model: s, data }, baseParams({ engine, epochs: 3 }));
      f.dispose?.();
      return ctx.events.flatMap((e) => (e.type === 'epoch' ? [e.loss, e.valLoss!] : []));
    };
    const fused = await losses('fused');
    const layers = await losses('layers');
    fused.forEach((v, i) => expect(Math.abs(v - layers[i]!) / layers[i]!).toBeLessThan(1e-3));
  });
});
