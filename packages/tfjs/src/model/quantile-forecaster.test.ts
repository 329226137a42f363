/**
 * Quantile-loss forecasters on both engines: the median as point forecast, levels from symmetric
 * pairs, intervals in original units, and codecs that keep the quantiles (and keep point networks'
 * bytes as they were).
 */
import { fromBytes, gatherX, testContext, toBytes, type ArtifactCodec, type Forecaster, type ModelSpec, type Windows } from '@seqpipe/core';
import { fusedForecasterCodec, type FusedForecaster } from '@seqpipe/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../backend/load-tf.js';
import { tfjsTrainerStage } from '../stages/tfjs.trainer.js';
import { sineSplit } from '../testing/sine-split.js';
import type { TrainingParams } from '../training/training-params.js';
import { tfjsForecasterCodec } from './tfjs-forecaster.codec.js';

const spec: ModelSpec = {
  kind: 'model-spec', head: { activation: 'linear' },
  layers: [{ cell: 'gru', units: 4, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 }],
};
const quantiles = [0.025, 0.1, 0.5, 0.9, 0.975];
// A min-max scaler's record, so intervals must come back in original units: y = 3·y' + 10.
const base = sineSplit({ horizon: 2 });
const scaled = (w: Windows): Windows => ({ ...w, transforms: [{ type: 'affine', by: 'scaler/minmax', scale: [1 / 3], offset: [-10 / 3] }] });
const data = { ...base, train: scaled(base.train), test: scaled(base.test) };
const params: TrainingParams = { optimizer: 'adam', learningRate: 0.02, loss: 'quantile', quantiles, epochs: 2, batchSize: 16, shuffle: true };

const engines = { fused: fusedForecasterCodec, layers: tfjsForecasterCodec } as const;
const trained: Partial<Record<keyof typeof engines, Forecaster>> = {};

beforeAll(async () => {
  for (const engine of ['fused', 'layers'] as const) {
    trained[engine] = await tfjsTrainerStage.run(testContext('train', 3), { model: spec, data }, { ...params, engine });
  }
});
afterAll(() => Object.values(trained).forEach((f) => f.dispose?.()));

describe.each(['fused', 'layers'] as const)('quantile forecaster, engine %s', (engine) => {
  const codec: ArtifactCodec<'forecaster'> = engines[engine];

  it('predicts the 0.5 quantile [count, horizon, targets]; intervals at levels [80, 95] in original units, nested', async () => {
    const f = trained[engine]!;
    expect(f.levels).toEqual([80, 95]);
    const { test } = data;
    const point = await f.predict(gatherX(test), test.count);
    expect(point.length).toBe(test.count * 2);
    const { levels, lower, upper } = await f.intervals!(test);
    expect(levels).toEqual([80, 95]);
    for (let k = 0; k < point.length; k++) {
      const original = 3 * point[k]! + 10;
      // Sorted per point: 95% ⊇ 80% ∋ median.
      expect(lower[1]![k]!).toBeLessThanOrEqual(lower[0]![k]! + 1e-9);
      expect(lower[0]![k]!).toBeLessThanOrEqual(original + 1e-5);
      expect(original).toBeLessThanOrEqual(upper[0]![k]! + 1e-5);
      expect(upper[0]![k]!).toBeLessThanOrEqual(upper[1]![k]! + 1e-9);
    }
    expect((f.summary as { architecture: { layers: { units: number }[] } }).architecture.layers[1]!.units).toBe(2 * quantiles.length);
  });

  it('round-trips through its codec with the quantiles: same predictions, intervals and bytes', async () => {
    const f = trained[engine]!;
    const bytes = toBytes(await codec.encode(f));
    const decoded = await codec.decode(fromBytes(bytes));
    try {
      expect(decoded).toMatchObject({ quantiles, levels: [80, 95] });
      expect(await decoded.predict(gatherX(data.test), data.test.count)).toEqual(await f.predict(gatherX(data.test), data.test.count));
      expect(await decoded.intervals!(data.test)).toEqual(await f.intervals!(data.test));
      expect(toBytes(await codec.encode(decoded))).toEqual(bytes);
    } finally {
      decoded.dispose?.();
    }
  });

  it('exports a model.json whose output is the whole [horizon, targets, Q] tensor, named in its metadata', async () => {
    const files = codec.files!(fromBytes(toBytes(await codec.encode(trained[engine]!))));
    const json = JSON.parse(new TextDecoder().decode(files['model.json'])) as {
      modelTopology: object; weightsManifest: { weights: never[] }[]; userDefinedMetadata: { seqpipe: object };
    };
    expect(json.userDefinedMetadata.seqpipe).toMatchObject({ quantiles, outputLayout: '[horizon, targets, quantiles]' });
    const tf = await loadTf();
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData: files['weights.bin']!.slice().buffer,
    }));
    try {
      const x = tf.tensor3d(gatherX(data.test), [data.test.count, 5, 1]);
      const y = model.predict(x) as import('@tensorflow/tfjs').Tensor;
      expect(y.shape).toEqual([data.test.count, 2 * quantiles.length]);
      // The median column (index 2) of each point, sorted, is the point forecast.
      const raw = y.dataSync();
      const point = await trained[engine]!.predict(gatherX(data.test), data.test.count);
      for (let k = 0; k < point.length; k++) {
        const sorted = Float32Array.from(raw.subarray(k * 5, k * 5 + 5)).sort();
        expect(Math.abs(sorted[2]! - point[k]!)).toBeLessThan(1e-5);
      }
      tf.dispose([x, y]);
    } finally {
      model.dispose();
    }
  });

  it('a point network (no loss quantile) stores no quantiles and has no intervals, as before', async () => {
    const f = await tfjsTrainerStage.run(testContext('train', 3), { model: spec, data }, { ...params, loss: 'mse', quantiles: undefined, epochs: 1, engine });
    try {
      const encoded = await codec.encode(f);
      expect('quantiles' in encoded.header).toBe(false);
      const decoded = await codec.decode(fromBytes(toBytes(encoded)));
      expect(decoded.levels).toBeUndefined();
      expect(decoded.intervals).toBeUndefined();
      expect((await decoded.predict(gatherX(data.test), data.test.count)).length).toBe(data.test.count * 2);
      decoded.dispose?.();
    } finally {
      f.dispose?.();
    }
  });
});

it('the fused forecaster knows its quantiles', () => {
  expect((trained.fused as FusedForecaster).quantiles).toEqual(quantiles);
});

it('keeps quantiles out of the params defaults, so other trainers keep their cache keys', () => {
  const props = tfjsTrainerStage.params.properties as Record<string, Record<string, unknown>>;
  expect('default' in props.quantiles!).toBe(false);
  expect(props.loss!.default).toBe('mse');
});
