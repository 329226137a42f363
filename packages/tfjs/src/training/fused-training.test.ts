/**
 * The fused loop's batch progress: throttled events (at most one per 200 ms of training, riding on
 * the loop's yields), shaped like the layers engine's, and with no effect on what is trained.
 * `performance.now` is faked so the rate does not depend on the machine's speed.
 */
import { testContext, type BatchEvent, type ModelSpec, gatherX } from '@seqpipe/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sineSplit } from '../testing/sine-split.js';
import { tfjsTrainerStage } from '../stages/tfjs.trainer.js';
import type { TrainingParams } from './training-params.js';

const spec: ModelSpec = { kind: 'model-spec', layers: [{ cell: 'gru', units: 4, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 }], head: { activation: 'linear' } };
const params: TrainingParams = { optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 3, batchSize: 4, shuffle: true, engine: 'fused' };
const data = sineSplit();

async function train() {
  const ctx = testContext('train', 9);
  const f = await tfjsTrainerStage.run(ctx, { model: spec, data }, params);
  const predictions = await f.predict(gatherX(data.test), data.test.count);
  f.dispose?.();
  return { ctx, predictions };
}

afterEach(() => vi.restoreAllMocks());

describe('fused training progress', () => {
  it('emits throttled batch events (epoch, batch of batches) without changing the result', async () => {
    const quiet = await train();
    let now = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (now += 20)); // every call: 20 ms later
    const { ctx, predictions } = await train();
    const batches = ctx.events.filter((e): e is BatchEvent => e.type === 'batch');
    const perEpoch = Math.ceil(data.train.count / params.batchSize);
    expect(batches.length).toBeGreaterThan(2);
    // Throttled: far fewer than one per batch.
    expect(batches.length).toBeLessThan((perEpoch * params.epochs) / 2);
    for (const e of batches) {
      expect(e).toMatchObject({ epochs: 3, batches: perEpoch });
      expect(e.epoch).toBeGreaterThanOrEqual(1);
      expect(e.epoch).toBeLessThanOrEqual(3);
      expect(e.batch).toBeGreaterThanOrEqual(0);
      expect(e.batch).toBeLessThan(perEpoch);
    }
    expect(ctx.events.filter((e) => e.type === 'epoch')).toEqual(quiet.ctx.events.filter((e) => e.type === 'epoch').map((e) => ({ ...e, seconds: expect.any(Number) })));
    expect(predictions).toEqual(quiet.predictions);
  });
});
