/**
 * The quantile (pinball) loss on both engines: one step against tfjs-layers (loss, every gradient,
 * the Adam update) and a few epochs of the whole trainer (same seed: same weights after training),
 * within 1e-5. The network outputs [horizon, targets, Q] per window.
 */
import { createRng, deriveSeed, gatherX, testContext, type ModelSpec } from '@seqpipe/core';
import { createFusedOptimizer, FusedNetwork, networkLayout, pinballLoss, repeatTargets, type FusedForecaster } from '@seqpipe/kernels';
import { describe, expect, it } from 'vitest';
import { loadTf } from '../backend/load-tf.js';
import type { ModelShape } from '../model/build-model.js';
import type { TfjsForecaster } from '../model/tfjs-forecaster.js';
import { tfjsTrainerStage } from '../stages/tfjs.trainer.js';
import { layersStep, relError } from '../testing/layers-reference.js';
import { sineSplit } from '../testing/sine-split.js';
import { lossFunction, type TrainingParams } from '../training/training-params.js';

const quantiles = [0.025, 0.5, 0.975];
const spec = (cell: 'gru' | 'lstm' | 'simpleRNN'): ModelSpec => ({
  kind: 'model-spec', head: { activation: 'linear' },
  layers: [{ cell, units: 4, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 }],
});

describe('quantile loss: fused engine against tfjs-layers', () => {
  it('the layers loss equals the hand pinball loss', async () => {
    const tf = await loadTf();
    const y = tf.tensor2d([1, 2], [1, 2]);
    const p = tf.tensor2d([0, 1, 3, 2, 2.5, 1], [1, 6]);
    const loss = lossFunction(tf, 'quantile', [0.1, 0.5, 0.9])(y, p);
    expect(loss.dataSync()[0]).toBeCloseTo(pinballLoss([0, 1, 3, 2, 2.5, 1], [1, 1, 1, 2, 2, 2], 6, [0.1, 0.5, 0.9]), 6);
    tf.dispose([y, p, loss]);
  });

  for (const cell of ['simpleRNN', 'gru', 'lstm'] as const) {
    it(`${cell}, one step of batch 16: loss, every gradient and the Adam update within 1e-5`, async () => {
      const tf = await loadTf();
      const s = spec(cell);
      const batch = 16;
      const shape: ModelShape = { lookback: 6, features: 2, outputs: 2 * quantiles.length };
      const rng = createRng(11);
      const x = Float32Array.from({ length: batch * shape.lookback * shape.features }, () => rng.next() * 2 - 1);
      const y = Float32Array.from({ length: batch * 2 }, () => rng.next());
      const options = { loss: 'quantile' as const, optimizer: 'adam' as const, learningRate: 0.01, quantiles };
      const ref = layersStep(tf, s, shape, 3, x, y, batch, options);
      const layout = networkLayout(s, shape);
      const initial = new Float64Array(layout.size);
      for (const t of layout.tensors) initial.set(ref.initial.get(t.name)!, t.offset);
      const net = new FusedNetwork(layout, initial, batch);
      const B = net.load(x, repeatTargets(y, quantiles.length), undefined, 0, batch);
      net.drawMasks(createRng(deriveSeed(3, 'dropout')), B);
      net.forward(B, true);
      const loss = net.loss(B, 'quantile', quantiles);
      net.backward(B);
      createFusedOptimizer('adam', options.learningRate, layout.size).step(net.params, net.grads);
      expect(Math.abs(loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
      for (const t of layout.tensors) {
        expect(relError(net.grads.subarray(t.offset, t.offset + t.size), ref.grads.get(t.name)!), `grad ${t.name}`).toBeLessThan(1e-5);
        expect(relError(net.params.subarray(t.offset, t.offset + t.size), ref.updated.get(t.name)!), `adam ${t.name}`).toBeLessThan(1e-5);
      }
    });
  }

  // 30 steps, both engines in float32 but summing in different orders: the kinks of the pinball
  // loss let rounding flip a subgradient now and then, so whole trainings agree to 1e-4 (measured:
  // at most 2.3e-5, the last valLoss, with the float64 engine before and the float32 one now), not 1e-5.
  it('three epochs of trainer/tfjs (gru, horizon 2): the same losses, outputs and intervals within 1e-4', async () => {
    const data = sineSplit({ horizon: 2, validation: 0.15 });
    const params: TrainingParams = { optimizer: 'adam', learningRate: 0.01, loss: 'quantile', quantiles, epochs: 3, batchSize: 8, shuffle: true };
    const fused = await tfjsTrainerStage.run(testContext('train', 5), { model: spec('gru'), data }, { ...params, engine: 'fused' }) as FusedForecaster;
    const layers = await tfjsTrainerStage.run(testContext('train', 5), { model: spec('gru'), data }, { ...params, engine: 'layers' }) as TfjsForecaster;
    try {
      expect(fused.impl).toBe('fused-rnn');
      expect(layers.impl).toBe('tfjs-layers');
      const history = (f: { summary: object }) => (f.summary as { history: { loss: number; valLoss: number }[] }).history;
      const errors: Record<string, number> = {};
      history(fused).forEach((a, i) => {
        const b = history(layers)[i]!;
        errors[`loss ${i + 1}`] = Math.abs(a.loss - b.loss) / b.loss;
        errors[`valLoss ${i + 1}`] = Math.abs(a.valLoss - b.valLoss) / b.valLoss;
      });
      const x = gatherX(data.test);
      errors.predict = relError(await fused.predict(x, data.test.count), await layers.predict(x, data.test.count));
      const fi = await fused.intervals!(data.test);
      const li = await layers.intervals!(data.test);
      expect(fi.levels).toEqual([95]);
      expect(li.levels).toEqual([95]);
      errors.lower = relError(fi.lower[0]!, li.lower[0]!);
      errors.upper = relError(fi.upper[0]!, li.upper[0]!);
      if (process.env.SHOW_ERRORS) console.log(errors);
      for (const [what, e] of Object.entries(errors)) expect(e, what).toBeLessThan(1e-4);
    } finally {
      layers.dispose();
    }
  });
});
