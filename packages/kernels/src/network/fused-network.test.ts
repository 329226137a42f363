import { createRng, type CellType, type ModelSpec, type RecurrentLayerSpec } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { FusedNetwork, type LossKind } from './fused-network.js';
import { initialParams } from './initial-weights.js';
import { networkLayout } from './layout.js';

const layer = (cell: CellType, units: number, extra: Partial<RecurrentLayerSpec> = {}): RecurrentLayerSpec => ({
  cell, units, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0, ...extra,
});
const spec = (head: string, ...layers: RecurrentLayerSpec[]): ModelSpec => ({ kind: 'model-spec', layers, head: { activation: head } });
const shape = { lookback: 5, features: 2, outputs: 2 };
/** Float32 network, central differences with h = 1e-2: worst relative errors measured ≤ 4e-3; a wrong term gives O(1). */
const TOL = 1e-2;

/** A network with seeded weights and a fixed batch of 3 windows, dropout masks drawn once. */
function setup(s: ModelSpec) {
  const layout = networkLayout(s, shape);
  const initial = initialParams(s, shape, createRng(1));
  // Non-zero biases, so every path carries a gradient.
  const rng = createRng(2);
  for (const t of layout.tensors) if (t.shape.length === 1) for (let i = t.offset; i < t.offset + t.size; i++) initial[i] += 0.3 * (rng.next() - 0.5);
  const net = new FusedNetwork(layout, initial, 3);
  const params = net.params;
  const x = Float32Array.from({ length: 3 * shape.lookback * shape.features }, () => rng.next() * 2 - 1);
  const y = Float32Array.from({ length: 3 * shape.outputs }, () => rng.next());
  const B = net.load(x, y, undefined, 0, 3);
  net.drawMasks(createRng(3), B);
  return { layout, params, net, B };
}

function gradientError(s: ModelSpec, loss: LossKind = 'mse'): number {
  const { params, net, B } = setup(s);
  const lossAt = (): number => {
    net.forward(B, true);
    return net.loss(B, loss);
  };
  lossAt();
  net.backward(B);
  const analytic = Float64Array.from(net.grads);
  let worst = 0;
  // The network computes in float32: a step large enough that rounding (~1e-7 relative) stays small beside it.
  const h = 1e-2;
  for (let i = 0; i < params.length; i++) {
    const keep = params[i]!;
    params[i] = keep + h;
    const up = lossAt();
    params[i] = keep - h;
    const down = lossAt();
    params[i] = keep;
    const numeric = (up - down) / (2 * h);
    worst = Math.max(worst, Math.abs(numeric - analytic[i]!) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[i]!)));
  }
  return worst;
}

describe('FusedNetwork gradients against finite differences (dropout and recurrent dropout on, fixed masks)', () => {
  for (const cell of ['simpleRNN', 'gru', 'lstm'] as const) {
    it(`${cell}, single and stacked`, () => {
      const drop = { dropout: 0.3, recurrentDropout: 0.25 };
      expect(gradientError(spec('linear', layer(cell, 4, drop)))).toBeLessThan(TOL);
      expect(gradientError(spec('tanh', layer(cell, 3, drop), layer(cell, 4, drop)))).toBeLessThan(TOL);
    });
  }

  it('other activations and the MAE loss', () => {
    const s = spec('sigmoid', layer('lstm', 3, { activation: 'sigmoid', recurrentActivation: 'tanh', dropout: 0.2 }), layer('gru', 3, { activation: 'linear' }));
    expect(gradientError(s, 'mae')).toBeLessThan(TOL);
  });

  it('the masks change the gradient (they are applied)', () => {
    const drop = spec('linear', layer('gru', 4, { dropout: 0.5, recurrentDropout: 0.5 }));
    const a = setup(drop);
    a.net.forward(a.B, true);
    a.net.loss(a.B, 'mse');
    a.net.backward(a.B);
    const masked = Float64Array.from(a.net.grads);
    a.net.clearMasks();
    a.net.forward(a.B, true);
    a.net.loss(a.B, 'mse');
    a.net.backward(a.B);
    expect(Array.from(a.net.grads)).not.toEqual(Array.from(masked));
  });
});
