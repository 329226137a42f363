/**
 * The fused dense families (model/mlp, model/linear, model/nbeats) against tfjs-layers: the same seeded initial
 * weights, the same batches and dropout masks; the loss of each step and every weight after the
 * steps agree within 1e-5 (relative to the tensor's largest value): three SGD steps, and one Adam
 * step as in fused-vs-layers.test.ts. (Over several Adam steps the zero-initialised biases drift
 * apart by ~1e-5: tfjs keeps β2^t in float32, so its 1 − β2^t is off by 1.3e-5 relative to ours.)
 */
import { createRng, deriveSeed, type ModelSpec } from '@seqpipe/core';
import { createFusedNetwork, fusedLayout, initialParams } from '@seqpipe/kernels';
import type { Tensor, Variable } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadTf } from '../backend/load-tf.js';
import { buildModel, type ModelShape } from '../model/build-model.js';
import { disposeModel } from '../model/dispose-model.js';
import { createOptimizer, lossFunction } from '../training/training-params.js';
import { relError } from '../testing/layers-reference.js';

const shape: ModelShape = { lookback: 6, features: 2, outputs: 4, horizon: 2 };
async function compare(spec: ModelSpec, batch: number, loss: 'mse' | 'mae', optimizerName: 'sgd' | 'adam', STEPS: number) {
  const tf = await loadTf();
  const rng = createRng(batch * 11 + 1);
  const xs = Array.from({ length: STEPS }, () => Float32Array.from({ length: batch * shape.lookback * shape.features }, () => rng.next() * 2 - 1));
  const ys = Array.from({ length: STEPS }, () => Float32Array.from({ length: batch * shape.outputs }, () => rng.next()));
  const seed = 3;

  // tfjs-layers: the trainer's model and optimizer, stepped by hand.
  const model = buildModel(tf, spec, shape, seed);
  const optimizer = createOptimizer(tf, optimizerName, 0.05);
  const lossFn = lossFunction(tf, loss);
  const vars = model.trainableWeights.map((w) => w.read() as Variable);
  const layersLoss: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const x = tf.tensor3d(xs[s]!, [batch, shape.lookback, shape.features]);
    const y = tf.tensor2d(ys[s]!, [batch, shape.outputs]);
    const cost = optimizer.minimize(() => lossFn(y, model.apply(x, { training: true }) as Tensor) as never, true, vars)!;
    layersLoss.push(cost.dataSync()[0]!);
    tf.dispose([x, y, cost]);
  }
  const after = new Map(model.weights.map((w) => [w.originalName, w.read().dataSync() as Float32Array]));
  optimizer.dispose();
  disposeModel(model);

  // Fused: the same initial weights (build-model.ts draws them from this stream) and masks.
  const layout = fusedLayout(spec, shape);
  const net = createFusedNetwork(layout, initialParams(spec, shape, createRng(deriveSeed(seed, 'init'))), batch);
  const step = net.createOptimizer(optimizerName, 0.05);
  const dropout = createRng(deriveSeed(seed, 'dropout'));
  const errors: Record<string, number> = {};
  for (let s = 0; s < STEPS; s++) {
    const B = net.load(xs[s]!, ys[s]!, undefined, 0, batch);
    net.drawMasks(dropout, B);
    net.forward(B, true);
    errors[`loss ${s}`] = Math.abs(net.loss(B, loss) - layersLoss[s]!) / layersLoss[s]!;
    net.backward(B);
    step.step(net.params, net.grads);
  }
  for (const t of layout.tensors) errors[t.name] = relError(net.params.subarray(t.offset, t.offset + t.size), after.get(t.name)!);
  return errors;
}

describe('fused dense families against tfjs-layers (same weights, batches and masks)', () => {
  const cases: [string, ModelSpec, 'mse' | 'mae'][] = [
    ['mlp relu+tanh', { kind: 'model-spec', family: 'mlp', layers: [{ units: 5, activation: 'relu' }, { units: 4, activation: 'tanh' }], dropout: 0, head: { activation: 'linear' } }, 'mse'],
    ['mlp with dropout', { kind: 'model-spec', family: 'mlp', layers: [{ units: 7, activation: 'sigmoid' }, { units: 3, activation: 'relu' }], dropout: 0.3, head: { activation: 'tanh' } }, 'mse'],
    ['mlp, no hidden layer, mae', { kind: 'model-spec', family: 'mlp', layers: [], dropout: 0, head: { activation: 'linear' } }, 'mae'],
    ['linear', { kind: 'model-spec', family: 'linear' }, 'mse'],
    ['dlinear', { kind: 'model-spec', family: 'linear', decomposition: { kernel: 3 } }, 'mse'],
    ['dlinear, even kernel', { kind: 'model-spec', family: 'linear', decomposition: { kernel: 4 } }, 'mae'],
    ['nbeats generic', { kind: 'model-spec', family: 'nbeats', sharedWeights: false, stacks: [{ type: 'generic', blocks: 3, layers: 2, units: 5, thetas: 3 }] }, 'mse'],
    ['nbeats interpretable, shared', {
      kind: 'model-spec', family: 'nbeats', sharedWeights: true,
      stacks: [{ type: 'trend', blocks: 2, layers: 2, units: 5, degree: 2 }, { type: 'seasonality', blocks: 2, layers: 1, units: 4, harmonics: 2, period: 5 }],
    }, 'mae'],
    ['nbeats mixed, one block last', {
      kind: 'model-spec', family: 'nbeats', sharedWeights: true,
      stacks: [{ type: 'generic', blocks: 2, layers: 1, units: 4, thetas: 2 }, { type: 'trend', blocks: 1, layers: 2, units: 3, degree: 1 }],
    }, 'mse'],
  ];
  for (const [name, spec, loss] of cases) {
    for (const [batch, optimizer, steps] of [[1, 'sgd', 3], [16, 'sgd', 3], [16, 'adam', 1]] as const) {
      it(`${name}, batch ${batch}, ${steps} ${optimizer} step(s): every loss and every weight after within 1e-5`, async () => {
        const errors = await compare(spec, batch, loss, optimizer, steps);
        if (process.env.SHOW_ERRORS) console.log(name, batch, JSON.stringify(errors));
        for (const [what, e] of Object.entries(errors)) expect(e, what).toBeLessThan(1e-5);
      });
    }
  }
});
