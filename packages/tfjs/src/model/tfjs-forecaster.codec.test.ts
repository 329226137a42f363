import { fromBytes, testContext, toBytes, gatherX } from '@seqpipe/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../backend/load-tf.js';
import type { Tf } from '../backend/tf-types.js';
import { tfjsTrainerStage } from '../stages/tfjs.trainer.js';
import { sineSplit } from '../testing/sine-split.js';
import { tfjsForecasterCodec as codec } from './tfjs-forecaster.codec.js';
import type { TfjsForecaster } from './tfjs-forecaster.js';

const data = sineSplit({ horizon: 2 });
let tf: Tf;
let trained: TfjsForecaster;

beforeAll(async () => {
  tf = await loadTf();
  trained = (await tfjsTrainerStage.run(testContext('train', 4), {
    model: {
      kind: 'model-spec', head: { activation: 'linear' },
      layers: [
        { cell: 'lstm', units: 4, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 },
        { cell: 'gru', units: 3, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 },
      ],
    },
    data,
  }, { optimizer: 'adam', learningRate: 0.01, loss: 'mae', epochs: 1, batchSize: 16, shuffle: true, engine: 'layers' })) as TfjsForecaster;
});
afterAll(() => trained.dispose());

describe('tfjs-layers forecaster codec', () => {
  it('round-trips through bytes with identical predictions and a stable encoding', async () => {
    const bytes = toBytes(await codec.encode(trained));
    const before = tf.memory().numTensors;
    const decoded = await codec.decode(fromBytes(bytes));
    try {
      expect(decoded).toMatchObject({ impl: 'tfjs-layers', lookback: 5, features: 1, horizon: 2, targets: 1, summary: trained.summary });
      expect(await decoded.predict(gatherX(data.test), data.test.count)).toEqual(await trained.predict(gatherX(data.test), data.test.count));
      // Layer and weight names are fixed, so re-encoding gives the same bytes.
      expect(toBytes(await codec.encode(decoded))).toEqual(bytes);
    } finally {
      decoded.dispose!();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('exports model.json + weights.bin that tf.loadLayersModel reads', async () => {
    const files = codec.files!(fromBytes(toBytes(await codec.encode(trained))));
    expect(Object.keys(files).sort()).toEqual(['model.json', 'weights.bin']);
    const modelJson = JSON.parse(new TextDecoder().decode(files['model.json'])) as {
      modelTopology: object; weightsManifest: { paths: string[]; weights: never[] }[];
    };
    expect(modelJson.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    const weights = files['weights.bin']!;
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]!.weights, weightData: weights.slice().buffer,
    }));
    try {
      const x = tf.tensor3d(gatherX(data.test), [data.test.count, 5, 1]);
      const y = model.predict(x) as import('@tensorflow/tfjs').Tensor;
      expect(y.dataSync()).toEqual(await trained.predict(gatherX(data.test), data.test.count));
      tf.dispose([x, y]);
    } finally {
      model.dispose();
    }
  });
});
