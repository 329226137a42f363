/**
 * The dense families resume from a checkpoint bit-identically, as the recurrent networks do
 * (resume.test.ts), on either engine: MLP dropout masks come from the checkpointed Rng, N-BEATS's fixed bases and
 * shared layers are restored with the other weights.
 */
import { memoryCheckpoints, testContext, toBytes, type Forecaster, type ModelSpec } from '@seqpipe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUSED_IMPL, fusedForecasterCodec } from '@seqpipe/kernels';
import { tfjsForecasterCodec } from '../model/tfjs-forecaster.codec.js';
import { tfjsTrainerStage } from '../stages/tfjs.trainer.js';
import { sineSplit } from '../testing/sine-split.js';
import type { TrainingParams } from './training-params.js';

const data = sineSplit({ points: 80, validation: 0.15, lookback: 6, horizon: 2 });
const base = { optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 4, batchSize: 8, shuffle: true, checkpointEvery: 2 };

async function bytesOf(f: Forecaster): Promise<Uint8Array> {
  try {
    return toBytes(await (f.impl === FUSED_IMPL ? fusedForecasterCodec : tfjsForecasterCodec).encode(f as never));
  } finally {
    f.dispose?.();
  }
}

async function train(spec: ModelSpec, params: TrainingParams, checkpoints = memoryCheckpoints(), stopAfter?: number) {
  const ctx = testContext('train', 9);
  const run = tfjsTrainerStage.run({
    ...ctx, checkpoints,
    progress: (e) => { if (e.type === 'epoch' && e.epoch === stopAfter) ctx.abort(); },
  }, { model: spec, data }, params);
  return { run, checkpoints };
}

const specs: [string, ModelSpec, TrainingParams['engine']][] = [
  ['mlp with dropout', { kind: 'model-spec', family: 'mlp', layers: [{ units: 6, activation: 'relu' }], dropout: 0.3, head: { activation: 'linear' } }, 'layers'],
  ['mlp with dropout', { kind: 'model-spec', family: 'mlp', layers: [{ units: 6, activation: 'relu' }], dropout: 0.3, head: { activation: 'linear' } }, 'fused'],
  ['dlinear', { kind: 'model-spec', family: 'linear', decomposition: { kernel: 3 } }, 'fused'],
  ['nbeats shared', {
    kind: 'model-spec', family: 'nbeats', sharedWeights: true,
    stacks: [{ type: 'trend', blocks: 2, layers: 1, units: 6, degree: 1 }, { type: 'generic', blocks: 1, layers: 1, units: 6, thetas: 3 }],
  }, 'auto'],
];

describe.each(specs)('resumable training, %s, engine %s', (_name, spec, engine) => {
  const params = { ...base, engine } as TrainingParams;
  it('resumes from the epoch-2 checkpoint bit-identical to an uninterrupted run', async () => {
    const expected = await bytesOf(await (await train(spec, params)).run);
    const stopped = await train(spec, params, memoryCheckpoints(), 3);
    await expect(stopped.run).rejects.toThrow();
    const resumed = await train(spec, params, stopped.checkpoints);
    const bytes = await bytesOf(await resumed.run);
    expect(resumed.checkpoints.resumes).toEqual([{ epoch: 2, epochs: 4 }]);
    expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
  });
});

// Batches of 24 rows train as 16-row chunks on worker threads (SEQPIPE_THREAD_MIN_WORK=0 starts them
// for this tiny run): a run on 2 threads, stopped and resumed on 1 thread, ends with the bytes of an
// uninterrupted run on 2 threads; early stopping and a cosine schedule ride along.
describe('resumable training over 16-row chunks on threads (fused)', () => {
  const saved = process.env.SEQPIPE_THREAD_MIN_WORK;
  beforeAll(() => { process.env.SEQPIPE_THREAD_MIN_WORK = '0'; });
  afterAll(() => { if (saved === undefined) delete process.env.SEQPIPE_THREAD_MIN_WORK; else process.env.SEQPIPE_THREAD_MIN_WORK = saved; });
  const chunked: [string, ModelSpec][] = [
    ['mlp with dropout', { kind: 'model-spec', family: 'mlp', layers: [{ units: 6, activation: 'relu' }], dropout: 0.3, head: { activation: 'linear' } }],
    ['nbeats shared', {
      kind: 'model-spec', family: 'nbeats', sharedWeights: true,
      stacks: [{ type: 'trend', blocks: 2, layers: 1, units: 6, degree: 1 }, { type: 'generic', blocks: 1, layers: 1, units: 6, thetas: 3 }],
    }],
  ];
  for (const [name, spec] of chunked) {
    it(`${name}: 2 threads uninterrupted = 2 threads stopped after epoch 3, resumed on 1 thread`, async () => {
      const params = {
        ...base, epochs: 6, batchSize: 24, engine: 'fused', earlyStopping: { patience: 5, minDelta: 0, monitor: 'val_loss' }, lrSchedule: { type: 'cosine' },
      } as TrainingParams;
      const expected = await bytesOf(await (await train(spec, { ...params, threads: 2 })).run);
      const stopped = await train(spec, { ...params, threads: 2 }, memoryCheckpoints(), 3);
      await expect(stopped.run).rejects.toThrow();
      const resumed = await train(spec, { ...params, threads: 1 }, stopped.checkpoints);
      const bytes = await bytesOf(await resumed.run);
      expect(resumed.checkpoints.resumes).toEqual([{ epoch: 2, epochs: 6 }]);
      expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
    });
  }
});
