/**
 * The dense families resume from a checkpoint bit-identically, as the recurrent networks do
 * (resume.test.ts): MLP dropout masks come from the checkpointed Rng, N-BEATS's fixed bases and
 * shared layers are restored with the other weights.
 */
import { memoryCheckpoints, testContext, toBytes, type Forecaster, type ModelSpec } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { tfjsForecasterCodec } from '../model/tfjs-forecaster.codec.js';
import { tfjsTrainerStage } from '../stages/tfjs.trainer.js';
import { sineSplit } from '../testing/sine-split.js';
import type { TrainingParams } from './training-params.js';

const data = sineSplit({ points: 80, validation: 0.15, lookback: 6, horizon: 2 });
const params: TrainingParams = { optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 4, batchSize: 8, shuffle: true, engine: 'auto', checkpointEvery: 2 };

async function bytesOf(f: Forecaster): Promise<Uint8Array> {
  try {
    return toBytes(await tfjsForecasterCodec.encode(f));
  } finally {
    f.dispose?.();
  }
}

async function train(spec: ModelSpec, checkpoints = memoryCheckpoints(), stopAfter?: number) {
  const ctx = testContext('train', 9);
  const run = tfjsTrainerStage.run({
    ...ctx, checkpoints,
    progress: (e) => { if (e.type === 'epoch' && e.epoch === stopAfter) ctx.abort(); },
  }, { model: spec, data }, params);
  return { run, checkpoints };
}

const specs: [string, ModelSpec][] = [
  ['mlp with dropout', { kind: 'model-spec', family: 'mlp', layers: [{ units: 6, activation: 'relu' }], dropout: 0.3, head: { activation: 'linear' } }],
  ['nbeats shared', {
    kind: 'model-spec', family: 'nbeats', sharedWeights: true,
    stacks: [{ type: 'trend', blocks: 2, layers: 1, units: 6, degree: 1 }, { type: 'generic', blocks: 1, layers: 1, units: 6, thetas: 3 }],
  }],
];

describe.each(specs)('resumable training, %s', (_name, spec) => {
  it('resumes from the epoch-2 checkpoint bit-identical to an uninterrupted run', async () => {
    const expected = await bytesOf(await (await train(spec)).run);
    const stopped = await train(spec, memoryCheckpoints(), 3);
    await expect(stopped.run).rejects.toThrow();
    const resumed = await train(spec, stopped.checkpoints);
    const bytes = await bytesOf(await resumed.run);
    expect(resumed.checkpoints.resumes).toEqual([{ epoch: 2, epochs: 4 }]);
    expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
  });
});
