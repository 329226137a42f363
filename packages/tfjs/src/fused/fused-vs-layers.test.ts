import { createRng, deriveSeed, type CellType, type RecurrentModelSpec, type RecurrentLayerSpec } from '@seqpipe/core';
import { createFusedOptimizer, FusedNetwork, networkLayout, type NetworkLayout } from '@seqpipe/kernels';
import { describe, expect, it } from 'vitest';
import { loadTf } from '../backend/load-tf.js';
import type { ModelShape } from '../model/build-model.js';
import { layersStep, relError } from '../testing/layers-reference.js';

const layer = (cell: CellType, units: number, extra: Partial<RecurrentLayerSpec> = {}): RecurrentLayerSpec => ({
  cell, units, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0, ...extra,
});
const spec = (...layers: RecurrentLayerSpec[]): RecurrentModelSpec => ({ kind: 'model-spec', layers, head: { activation: 'linear' } });

function flat(layout: NetworkLayout, byName: Map<string, Float32Array>): Float64Array {
  const p = new Float64Array(layout.size);
  for (const t of layout.tensors) p.set(byName.get(t.name)!, t.offset);
  return p;
}

async function compare(s: RecurrentModelSpec, batch: number, loss: 'mse' | 'mae' = 'mse') {
  const tf = await loadTf();
  const shape: ModelShape = { lookback: 6, features: 2, outputs: 2 };
  const rng = createRng(batch * 7 + s.layers.length);
  const x = Float32Array.from({ length: batch * shape.lookback * shape.features }, () => rng.next() * 2 - 1);
  const y = Float32Array.from({ length: batch * shape.outputs }, () => rng.next());
  const options = { loss, optimizer: 'adam' as const, learningRate: 0.01 };
  const ref = layersStep(tf, s, shape, 3, x, y, batch, options);
  const layout = networkLayout(s, shape);
  expect(layout.tensors.map((t) => t.name)).toEqual([...ref.initial.keys()]);
  const net = new FusedNetwork(layout, flat(layout, ref.initial), batch);
  const params = net.params;
  const B = net.load(x, y, undefined, 0, batch);
  // The layers engine draws its masks from this stream (build-model.ts), in the same order.
  net.drawMasks(createRng(deriveSeed(3, 'dropout')), B);
  net.forward(B, true);
  const fusedLoss = net.loss(B, loss);
  net.backward(B);
  createFusedOptimizer('adam', options.learningRate, layout.size).step(params, net.grads);
  const errors: Record<string, number> = { loss: Math.abs(fusedLoss - ref.loss) / ref.loss };
  for (const t of layout.tensors) {
    errors[`grad ${t.name}`] = relError(net.grads.subarray(t.offset, t.offset + t.size), ref.grads.get(t.name)!);
    errors[`adam ${t.name}`] = relError(params.subarray(t.offset, t.offset + t.size), ref.updated.get(t.name)!);
  }
  return errors;
}

describe('fused engine against tfjs-layers (same weights, same batch, dropout off)', () => {
  const cases: [string, RecurrentModelSpec][] = [
    ['simpleRNN', spec(layer('simpleRNN', 5))],
    ['gru', spec(layer('gru', 5))],
    ['lstm', spec(layer('lstm', 5))],
    ['stacked simpleRNN', spec(layer('simpleRNN', 4), layer('simpleRNN', 3))],
    ['stacked gru', spec(layer('gru', 4), layer('gru', 3))],
    ['stacked lstm', spec(layer('lstm', 4), layer('lstm', 3))],
  ];
  for (const [name, s] of cases) {
    for (const batch of [1, 32]) {
      it(`${name}, batch ${batch}: loss, every gradient and the Adam update within 1e-5`, async () => {
        const errors = await compare(s, batch);
        if (process.env.SHOW_ERRORS) console.log(name, batch, Object.entries(errors).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${v.toExponential(2)}`).join("; "));
        for (const [what, e] of Object.entries(errors)) expect(e, what).toBeLessThan(1e-5);
      });
    }
  }
});

describe('fused engine against tfjs-layers with dropout on (the same seeded masks)', () => {
  for (const cell of ['simpleRNN', 'gru', 'lstm'] as const) {
    it(`stacked ${cell}, batch 8`, async () => {
      const s = spec(layer(cell, 4, { dropout: 0.3, recurrentDropout: 0.2 }), layer(cell, 3, { dropout: 0.25, recurrentDropout: 0.4 }));
      const errors = await compare(s, 8);
      if (process.env.SHOW_ERRORS) console.log(cell, Object.entries(errors).sort((a, b) => b[1] - a[1]).slice(0, 3));
      for (const [what, e] of Object.entries(errors)) expect(e, what).toBeLessThan(1e-5);
    });
  }
});
