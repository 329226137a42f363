import { fromBytes, testContext, toBytes, type ModelSpec, gatherX } from '@seqpipe/core';
import { fusedForecasterCodec as codec, tfjsTopology, type FusedForecaster } from '@seqpipe/kernels';
import type { io, Tensor } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../backend/load-tf.js';
import { buildModel } from '../model/build-model.js';
import { tfjsTrainerStage } from '../stages/tfjs.trainer.js';
import { sineSplit } from '../testing/sine-split.js';

const data = sineSplit({ horizon: 2 });
const spec: ModelSpec = {
  kind: 'model-spec', head: { activation: 'linear' },
  layers: [
    { cell: 'lstm', units: 4, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0.1, recurrentDropout: 0 },
    { cell: 'gru', units: 3, activation: 'relu', recurrentActivation: 'hardSigmoid', dropout: 0, recurrentDropout: 0.2 },
    { cell: 'simpleRNN', units: 3, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 },
  ],
};
let trained: FusedForecaster;

beforeAll(async () => {
  trained = (await tfjsTrainerStage.run(testContext('train', 4), { model: spec, data }, {
    optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 2, batchSize: 16, shuffle: true, engine: 'fused',
  })) as FusedForecaster;
});

describe('fused-rnn forecaster codec', () => {
  it('round-trips through bytes with identical predictions and a stable encoding', async () => {
    expect(trained.impl).toBe('fused-rnn');
    const bytes = toBytes(await codec.encode(trained));
    const decoded = await codec.decode(fromBytes(bytes));
    expect(decoded).toMatchObject({ impl: 'fused-rnn', lookback: 5, features: 1, horizon: 2, targets: 1, summary: trained.summary });
    expect(await decoded.predict(gatherX(data.test), data.test.count)).toEqual(await trained.predict(gatherX(data.test), data.test.count));
    expect(toBytes(await codec.encode(decoded))).toEqual(bytes);
  });

  it('exports a model.json + weights.bin that tf.loadLayersModel reads and that predicts the same within 1e-5', async () => {
    const tf = await loadTf();
    const files = codec.files!(fromBytes(toBytes(await codec.encode(trained))));
    const json = JSON.parse(new TextDecoder().decode(files['model.json'])) as {
      modelTopology: object; weightsManifest: { weights: io.WeightsManifestEntry[] }[]; userDefinedMetadata: { seqpipe: { engine: string } };
    };
    expect(json.userDefinedMetadata.seqpipe.engine).toBe('fused');
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData: files['weights.bin']!.slice().buffer,
    }));
    try {
      const expected = await trained.predict(gatherX(data.test), data.test.count);
      const y = model.predict(tf.tensor3d(gatherX(data.test), [data.test.count, 5, 1])) as Tensor;
      const got = await y.data();
      y.dispose();
      const scale = Math.max(...expected.map(Math.abs));
      got.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5 * scale));
    } finally {
      model.dispose();
    }
  });

  it('writes the same topology tfjs saves for the network build-model.ts builds', async () => {
    const tf = await loadTf();
    const shape = { lookback: 5, features: 1, outputs: 2 };
    const model = buildModel(tf, spec, shape, 1);
    let saved: io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) }; }));
    model.dispose();
    expect(tfjsTopology(spec, shape)).toEqual(saved!.modelTopology);
  });
});
