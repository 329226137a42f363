import { createRng, gatherX, type LinearModelSpec, type ModelSpec, type NbeatsModelSpec } from '@seqpipe/core';
import { familyTensors } from '@seqpipe/kernels';
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTf } from '../backend/load-tf.js';
import type { Tf } from '../backend/tf-types.js';
import type { DenseFamilySpec } from './build-family.js';
import { buildModel } from './build-model.js';

let tf: Tf;
beforeAll(async () => { tf = await loadTf(); });

const shape = { lookback: 8, features: 2, outputs: 6, horizon: 3 };
const nbeats = (sharedWeights: boolean): NbeatsModelSpec => ({
  kind: 'model-spec', family: 'nbeats', sharedWeights,
  stacks: [
    { type: 'trend', blocks: 2, layers: 2, units: 6, degree: 2 },
    { type: 'seasonality', blocks: 1, layers: 1, units: 5, harmonics: 2, period: 8 },
    { type: 'generic', blocks: 2, layers: 2, units: 4, thetas: 3 },
  ],
});
const specs: [string, DenseFamilySpec][] = [
  ['mlp', { kind: 'model-spec', family: 'mlp', layers: [{ units: 7, activation: 'relu' }, { units: 3, activation: 'tanh' }], dropout: 0.2, head: { activation: 'linear' } }],
  ['linear', { kind: 'model-spec', family: 'linear' }],
  ['dlinear', { kind: 'model-spec', family: 'linear', decomposition: { kernel: 3 } }],
  ['nbeats', nbeats(false)],
  ['nbeats shared', nbeats(true)],
];

const input = (count: number) => Float32Array.from({ length: count * shape.lookback * shape.features }, (_, i) => Math.sin(i / 3));
async function predict(model: LayersModel, x: Float32Array, training = false): Promise<Float32Array> {
  const t = tf.tensor3d(x, [x.length / (shape.lookback * shape.features), shape.lookback, shape.features]);
  const y = (training ? model.apply(t, { training: true }) : model.predict(t)) as Tensor;
  const out = (await y.data()) as Float32Array;
  tf.dispose([t, y]);
  return out;
}

describe('dense family networks', () => {
  it.each(specs)('%s: outputs [count, shape.outputs], weights named and seeded as the kernels layout says', async (_name, spec) => {
    const a = buildModel(tf, spec, shape, 7);
    const b = buildModel(tf, spec, shape, 7);
    try {
      expect(a.outputs[0]!.shape).toEqual([null, shape.outputs]);
      const slots = familyTensors(spec, shape);
      expect(a.weights.map((w) => w.originalName).sort()).toEqual(slots.map((s) => s.name).sort());
      // Fixed bases are saved but not trained.
      const fixed = slots.filter((s) => s.init === 'fixed').map((s) => s.name);
      expect(a.nonTrainableWeights.map((w) => w.originalName).sort()).toEqual(fixed.sort());
      expect(a.trainableWeights.length).toBe(slots.length - fixed.length);
      const x = input(4);
      expect(await predict(a, x)).toEqual(await predict(b, x));
      expect((await predict(a, x)).length).toBe(4 * shape.outputs);
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('a different seed gives different weights', async () => {
    const [a, b] = [buildModel(tf, specs[0]![1], shape, 1), buildModel(tf, specs[0]![1], shape, 2)];
    expect(await predict(a, input(2))).not.toEqual(await predict(b, input(2)));
    a.dispose();
    b.dispose();
  });

  it('mlp dropout is seeded: identity at inference, the same masks for a seed in training', async () => {
    const spec = specs[0]![1];
    const a = buildModel(tf, spec, shape, 5, createRng(9));
    const b = buildModel(tf, spec, shape, 5, createRng(9));
    const x = input(3);
    expect(await predict(a, x, true)).toEqual(await predict(b, x, true));
    expect(await predict(a, x, true)).not.toEqual(await predict(a, x));
    a.dispose();
    b.dispose();
  });

  it('DLinear with equal trend and remainder maps is the plain linear map (trend + remainder = window)', async () => {
    const d = buildModel(tf, specs[2]![1] as LinearModelSpec, shape, 3);
    const l = buildModel(tf, specs[1]![1] as ModelSpec, shape, 4);
    const kernel = tf.randomUniform([16, 6], -1, 1, 'float32', 1);
    const bias = tf.randomUniform([6], -1, 1, 'float32', 2);
    const half = tf.mul(bias, 0.5);
    d.getLayer('trend_head').setWeights([kernel, half]);
    d.getLayer('remainder_head').setWeights([kernel, half]);
    l.getLayer('head').setWeights([kernel, bias]);
    const x = input(5);
    const [dy, ly] = [await predict(d, x), await predict(l, x)];
    dy.forEach((v, i) => expect(v).toBeCloseTo(ly[i]!, 5));
    tf.dispose([kernel, bias, half]);
    d.dispose();
    l.dispose();
  });

  it('N-BEATS is doubly residual: a block whose backcast is the identity leaves nothing for the next', async () => {
    const spec: NbeatsModelSpec = {
      kind: 'model-spec', family: 'nbeats', sharedWeights: false,
      stacks: [{ type: 'generic', blocks: 2, layers: 1, units: 16, thetas: 16 }],
    };
    const m = buildModel(tf, spec, { ...shape, features: 2, lookback: 8 }, 1);
    const eye = tf.eye(16);
    const zeros16 = tf.zeros([16]);
    // Block 0: fc = relu(x) with x ≥ 0 → θ_b = identity → backcast = x exactly, so block 1 sees 0.
    m.getLayer('s0_b0_fc0').setWeights([eye, zeros16]);
    m.getLayer('s0_b0_theta_b').setWeights([eye]);
    m.getLayer('s0_b0_backcast').setWeights([eye, zeros16]);
    const [fk, fb] = m.getLayer('s0_b1_forecast').getWeights();
    const x = input(2).map(Math.abs);
    const y = await predict(m, x);
    // Block 1's input is zero, so its forecast is its forecast bias; block 0's is its own.
    const only0 = buildModel(tf, { ...spec, stacks: [{ ...spec.stacks[0]!, blocks: 1 }] }, { ...shape }, 1);
    expect(fk!.shape).toEqual([16, 6]);
    const b1 = (await fb!.data()) as Float32Array;
    expect(y.length).toBe(12);
    // Compare with block 0 alone (same weights): y = forecast_0 + bias_1.
    for (const name of ['s0_b0_fc0', 's0_b0_theta_f', 's0_b0_forecast']) only0.getLayer(name.replace('s0_b0_forecast', 's0_b0_forecast')).setWeights(m.getLayer(name).getWeights());
    const y0 = await predict(only0, x);
    y.forEach((v, i) => expect(v).toBeCloseTo(y0[i]! + b1[i % 6]!, 5));
    tf.dispose([eye, zeros16]);
    m.dispose();
    only0.dispose();
  });
});

describe('dense family training', () => {
  it('trains on tfjs-layers (fit-loop) without leaking tensors', async () => {
    const { sineSplit } = await import('../testing/sine-split.js');
    const { trainLayers } = await import('../training/layers-training.js');
    const { testContext } = await import('@seqpipe/core');
    const data = sineSplit({ horizon: 2, lookback: 6 });
    for (const [name, spec] of specs) {
      const before = tf.memory().numTensors;
      const f = await trainLayers(testContext('train', 1), spec, data, {
        optimizer: 'adam', learningRate: 0.01, loss: 'mse', epochs: 2, batchSize: 16, shuffle: true, engine: 'layers',
      });
      const y = await f.predict(gatherX(data.test), data.test.count);
      expect(y.every(Number.isFinite)).toBe(true);
      expect((f.summary.history as unknown[]).length).toBe(2);
      f.dispose();
      expect([name, tf.memory().numTensors]).toEqual([name, before]);
    }
  });
});
