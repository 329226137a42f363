import { createRng, type ModelSpec } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { FusedNetwork } from '../network/fused-network.js';
import { networkLayout } from '../network/layout.js';
import { clipGradients } from './clip.js';
import { createFusedOptimizer } from './optimizers.js';

const spec: ModelSpec = {
  kind: 'model-spec', head: { activation: 'linear' },
  layers: [{ cell: 'gru', units: 3, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 }],
};

describe('optimizers', () => {
  it('Adam in WASM equals the JS Adam bit for bit over several steps', () => {
    const layout = networkLayout(spec, { lookback: 2, features: 1, outputs: 1 });
    const rng = createRng(4);
    const start = Float64Array.from({ length: layout.size }, () => rng.next() - 0.5);
    const net = new FusedNetwork(layout, start, 1);
    const wasm = net.createOptimizer('adam', 0.01);
    const js = createFusedOptimizer('adam', 0.01, layout.size);
    // The network holds float32 parameters; the JS Adam on float32 arrays is the reference.
    const p = Float32Array.from(start);
    for (let step = 0; step < 5; step++) {
      const g = Float32Array.from({ length: layout.size }, () => rng.next() - 0.5);
      net.grads.set(g);
      wasm.step(net.params, net.grads);
      js.step(p, g);
    }
    expect(Array.from(net.params)).toEqual(Array.from(p));
    expect(Array.from(p)).not.toEqual(Array.from(start));
  });

  it('SGD and RMSprop follow tfjs (RMSprop: ε inside the square root)', () => {
    const p = Float64Array.of(1, 2);
    createFusedOptimizer('sgd', 0.1, 2).step(p, Float64Array.of(1, -2));
    expect(Array.from(p)).toEqual([0.9, 2.2]);
    const q = Float64Array.of(1);
    createFusedOptimizer('rmsprop', 0.1, 1).step(q, Float64Array.of(2));
    expect(q[0]).toBeCloseTo(1 - (2 * 0.1) / Math.sqrt(0.1 * 4 + 1e-7), 12);
  });
});

describe('clipGradients (Keras semantics)', () => {
  const tensors = [
    { name: 'a', shape: [2], offset: 0, size: 2 },
    { name: 'b', shape: [1], offset: 2, size: 1 },
  ];
  it('clipNorm rescales each tensor on its own to the norm at most', () => {
    const g = Float64Array.of(3, 4, 0.5);
    clipGradients(g, tensors, { clipNorm: 1 });
    expect(Array.from(g)).toEqual([0.6000000000000001, 0.8, 0.5]);
  });
  it('clipValue clips every element', () => {
    const g = Float64Array.of(3, -4, 0.5);
    clipGradients(g, tensors, { clipValue: 1 });
    expect(Array.from(g)).toEqual([1, -1, 0.5]);
  });
});
