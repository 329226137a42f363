/**
 * model/mlp, model/linear and model/nbeats trained by the fused engine (engine auto picks it): the
 * artifact round-trips, and exports a tfjs model.json (the functional topology build-family.ts
 * builds, layer for layer; tfjs orders the layers by depth, we by first use) that
 * tf.loadLayersModel reads and that predicts the same within 1e-5.
 */
import { fromBytes, gatherX, isRecurrentSpec, testContext, toBytes, type ModelSpec } from '@seqpipe/core';
import { familyTopology, fusedForecasterCodec as codec, type FusedForecaster } from '@seqpipe/kernels';
import type { io, Tensor } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadTf } from '../backend/load-tf.js';
import { buildModel } from '../model/build-model.js';
import { disposeModel } from '../model/dispose-model.js';
import { tfjsTrainerStage } from '../stages/tfjs.trainer.js';
import { sineSplit } from '../testing/sine-split.js';
import type { TfjsForecaster } from '../model/tfjs-forecaster.js';

const data = sineSplit({ horizon: 2, lookback: 6 });
const specs: [string, ModelSpec][] = [
  ['mlp with dropout', { kind: 'model-spec', family: 'mlp', layers: [{ units: 5, activation: 'relu' }, { units: 3, activation: 'hardSigmoid' }], dropout: 0.2, head: { activation: 'linear' } }],
  ['linear', { kind: 'model-spec', family: 'linear' }],
  ['dlinear', { kind: 'model-spec', family: 'linear', decomposition: { kernel: 3 } }],
  ['nbeats interpretable, shared', {
    kind: 'model-spec', family: 'nbeats', sharedWeights: true,
    stacks: [{ type: 'trend', blocks: 2, layers: 2, units: 5, degree: 2 }, { type: 'seasonality', blocks: 2, layers: 1, units: 4, harmonics: 2 }, { type: 'generic', blocks: 1, layers: 1, units: 3, thetas: 2 }],
  }],
  ['nbeats generic', { kind: 'model-spec', family: 'nbeats', sharedWeights: false, stacks: [{ type: 'generic', blocks: 2, layers: 2, units: 5, thetas: 3 }] }],
];
type Topology = { config: { layers: { name: string }[] } };
const byName = (t: object) => {
  const c = structuredClone(t) as Topology;
  c.config.layers.sort((a, b) => a.name.localeCompare(b.name));
  return c;
};

describe.each(specs)('fused %s', (_name, spec) => {
  it('trains with engine auto on the fused kernels, round-trips, and exports a model.json tfjs loads and that predicts the same', async () => {
    const ctx = testContext('train', 4);
    const trained = (await tfjsTrainerStage.run(ctx, { model: spec, data }, {
      optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 2, batchSize: 16, shuffle: true, engine: 'auto',
    })) as FusedForecaster;
    expect(trained.impl).toBe('fused-rnn');
    expect(ctx.logs).toContain('info: engine fused');
    const x = gatherX(data.test);
    const expected = await trained.predict(x, data.test.count);
    const bytes = toBytes(await codec.encode(trained));
    const decoded = await codec.decode(fromBytes(bytes));
    expect(await decoded.predict(x, data.test.count)).toEqual(expected);
    expect(toBytes(await codec.encode(decoded))).toEqual(bytes);

    const tf = await loadTf();
    const files = codec.files!(fromBytes(bytes));
    const json = JSON.parse(new TextDecoder().decode(files['model.json'])) as { modelTopology: object; weightsManifest: { weights: io.WeightsManifestEntry[] }[] };
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData: files['weights.bin']!.slice().buffer,
    }));
    const input = tf.tensor3d(x, [data.test.count, 6, 1]);
    const y = model.predict(input) as Tensor;
    const got = await y.data();
    tf.dispose([input, y]);
    disposeModel(model);
    const scale = Math.max(...expected.map(Math.abs));
    got.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5 * scale));
  });

  it('writes the same topology tfjs saves for the network build-family.ts builds', async () => {
    if (isRecurrentSpec(spec)) throw new Error('not a dense family');
    const tf = await loadTf();
    const shape = { lookback: 6, features: 2, outputs: 4, horizon: 2 };
    const model = buildModel(tf, spec, shape, 1);
    let saved: io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) }; }));
    disposeModel(model);
    expect(byName(familyTopology(spec, shape))).toEqual(byName(saved!.modelTopology!));
  });

  it('trains like tfjs-layers: the same stage seed gives predictions within 1e-4 after 2 epochs', async () => {
    const params = { optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 2, batchSize: 16, shuffle: true } as const;
    const fused = await tfjsTrainerStage.run(testContext('train', 8), { model: spec, data }, { ...params, engine: 'fused' });
    const layers = (await tfjsTrainerStage.run(testContext('train', 8), { model: spec, data }, { ...params, engine: 'layers' })) as TfjsForecaster;
    const x = gatherX(data.test);
    const [a, b] = [await fused.predict(x, data.test.count), await layers.predict(x, data.test.count)];
    layers.dispose();
    a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-4));
  });
});
