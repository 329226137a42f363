import { createRng, type CellType, type ModelSpec } from '@seqpipe/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGemmWat } from '../../scripts/compile-wat.mjs';
import { gemmWat } from '../../scripts/gemm-wat.mjs';
import { FusedNetwork } from './fused-network.js';
import { initialParams } from './initial-weights.js';
import { networkLayout } from './layout.js';

// Both sides on the WASM products: this compares the elementwise kernels, and the native products
// (where built) round differently from the products of the baseline module.
process.env.SEQPIPE_KERNELS = 'wasm';

/** The module without its elementwise exports: the arena then runs the cells' and activations' JS loops. */
const ELEMENTWISE = ['tanh', 'sigmoid', 'activateRows', 'copyRows', 'lstmState', 'lstmOut', 'lstmBack', 'gruReset', 'gruOut', 'gruBack', 'gruBackReset'];
let jsPaths: Uint8Array;
beforeAll(async () => {
  let wat = gemmWat();
  for (const name of ELEMENTWISE) wat = wat.replace(`(export "${name}")`, '');
  jsPaths = await compileGemmWat(wat);
});

const shape = { lookback: 6, features: 2, outputs: 2 };
const layer = (cell: CellType, units: number) =>
  ({ cell, units, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0.2, recurrentDropout: 0.3 }) as const;

/** Three Adam steps on seeded data (dropout on); returns the parameters and the last gradient. */
function train(spec: ModelSpec, kernels?: Uint8Array): Float64Array[] {
  const layout = networkLayout(spec, shape);
  const B = 5;
  const net = new FusedNetwork(layout, initialParams(spec, shape, createRng(1)), B, kernels);
  const rng = createRng(2);
  const x = Float32Array.from({ length: B * shape.lookback * shape.features }, () => 4 * rng.next() - 2);
  const y = Float32Array.from({ length: B * shape.outputs }, () => rng.next());
  const optimizer = net.createOptimizer('adam', 0.05);
  const masks = createRng(3);
  for (let step = 0; step < 3; step++) {
    net.load(x, y, undefined, 0, B);
    net.drawMasks(masks, B);
    net.forward(B, true);
    net.loss(B, 'mse');
    net.backward(B);
    optimizer.step(net.params, net.grads);
  }
  return [Float64Array.from(net.params), Float64Array.from(net.grads)];
}

describe('WASM elementwise kernels (activations, LSTM and GRU gates)', () => {
  for (const cell of ['simpleRNN', 'gru', 'lstm'] as const) {
    it(`train ${cell} (stacked, odd units, dropout) to the same bits as the JS loops`, () => {
      const spec: ModelSpec = { kind: 'model-spec', head: { activation: 'tanh' }, layers: [layer(cell, 7), layer(cell, 4)] };
      const [wasmParams, wasmGrads] = train(spec);
      const [jsParams, jsGrads] = train(spec, jsPaths);
      const same = (a: Float64Array, b: Float64Array) => a.findIndex((v, i) => !Object.is(v, b[i]));
      expect(same(wasmParams!, jsParams!)).toBe(-1);
      expect(same(wasmGrads!, jsGrads!)).toBe(-1);
      expect(wasmGrads!.some((v) => v !== 0)).toBe(true);
    });
  }
});
