import { fromBytes, gatherX, testContext, toBytes, type ModelSpec } from '@seqpipe/core';
import type { Tensor } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../backend/load-tf.js';
import type { Tf } from '../backend/tf-types.js';
import { tfjsTrainerStage } from '../stages/tfjs.trainer.js';
import { sineSplit } from '../testing/sine-split.js';
import { disposeModel } from './dispose-model.js';
import { tfjsForecasterCodec as codec } from './tfjs-forecaster.codec.js';
import type { TfjsForecaster } from './tfjs-forecaster.js';

const data = sineSplit({ horizon: 2, lookback: 6 });
let tf: Tf;
beforeAll(async () => { tf = await loadTf(); });

const families: [string, ModelSpec][] = [
  ['mlp', { kind: 'model-spec', family: 'mlp', layers: [{ units: 5, activation: 'relu' }], dropout: 0.1, head: { activation: 'linear' } }],
  ['dlinear', { kind: 'model-spec', family: 'linear', decomposition: { kernel: 3 } }],
  ['nbeats interpretable, shared', {
    kind: 'model-spec', family: 'nbeats', sharedWeights: true,
    stacks: [{ type: 'trend', blocks: 2, layers: 2, units: 8, degree: 2 }, { type: 'seasonality', blocks: 2, layers: 2, units: 8, harmonics: 2 }],
  }],
  ['nbeats generic', { kind: 'model-spec', family: 'nbeats', sharedWeights: false, stacks: [{ type: 'generic', blocks: 2, layers: 2, units: 8, thetas: 4 }] }],
];

describe('tfjs-layers codec: dense families', () => {
  it.each(families)('%s round-trips through bytes and exports a model.json tf.loadLayersModel reads', async (_name, spec) => {
    const before = tf.memory().numTensors;
    const trained = (await tfjsTrainerStage.run(testContext('train', 4), { model: spec, data }, {
      optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 1, batchSize: 16, shuffle: true, engine: 'layers',
    })) as TfjsForecaster;
    const x = gatherX(data.test);
    const expected = await trained.predict(x, data.test.count);
    const bytes = toBytes(await codec.encode(trained));
    const decoded = await codec.decode(fromBytes(bytes));
    expect(decoded).toMatchObject({ impl: 'tfjs-layers', lookback: 6, features: 1, horizon: 2, targets: 1, summary: trained.summary });
    expect(await decoded.predict(x, data.test.count)).toEqual(expected);
    expect(toBytes(await codec.encode(decoded))).toEqual(bytes);
    decoded.dispose!();

    const files = codec.files!(fromBytes(bytes));
    const modelJson = JSON.parse(new TextDecoder().decode(files['model.json'])) as { modelTopology: object; weightsManifest: { weights: never[] }[] };
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]!.weights, weightData: files['weights.bin']!.slice().buffer,
    }));
    const input = tf.tensor3d(x, [data.test.count, 6, 1]);
    const y = model.predict(input) as Tensor;
    expect(y.dataSync()).toEqual(expected);
    tf.dispose([input, y]);
    disposeModel(model);
    trained.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
