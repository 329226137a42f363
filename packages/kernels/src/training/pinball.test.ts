import { describe, expect, it } from 'vitest';
import { pinballLoss, repeatTargets } from './pinball.js';

describe('pinball loss', () => {
  it('values and subgradients on hand cases: ρ_q(y − ŷ), ∂/∂ŷ = (1{y < ŷ} − q) / n', () => {
    // Two points, quantiles [0.1, 0.5, 0.9] innermost: targets repeated, predictions around them.
    const q = [0.1, 0.5, 0.9];
    const y = repeatTargets(Float32Array.from([1, 2]), 3);
    expect([...y]).toEqual([1, 1, 1, 2, 2, 2]);
    const p = [0, 1, 3, 2, 2.5, 1];
    // e = y − ŷ: 1, 0, −2 | 0, −0.5, 1 → ρ: 0.1·1, 0, (0.9−1)·(−2)=0.2 | 0, (0.5−1)·(−0.5)=0.25, 0.9·1
    const grad = new Float64Array(6);
    const loss = pinballLoss(p, y, 6, q, grad);
    expect(loss).toBeCloseTo((0.1 + 0 + 0.2 + 0 + 0.25 + 0.9) / 6, 12);
    // y > ŷ: −q/n; y < ŷ: (1 − q)/n; y = ŷ: −q/n (tf.maximum's side).
    const n = 6;
    const expected = [-0.1 / n, -0.5 / n, 0.1 / n, -0.1 / n, 0.5 / n, -0.9 / n];
    for (let k = 0; k < n; k++) expect(grad[k]).toBeCloseTo(expected[k]!, 12);
  });

  it('at q = 0.5 is half the absolute error', () => {
    const y = [0.3, -1, 2];
    const p = [1, -1.5, 2.25];
    expect(pinballLoss(p, y, 3, [0.5])).toBeCloseTo((0.7 + 0.5 + 0.25) / 2 / 3, 12);
  });

  it('its gradient matches a finite difference away from the kinks', () => {
    const q = [0.025, 0.5, 0.975];
    const y = [0.2, 0.2, 0.2, -0.4, -0.4, -0.4];
    const p = [0.1, 0.25, 0.9, -1, -0.3, 0.1];
    const grad = new Float64Array(6);
    pinballLoss(p, y, 6, q, grad);
    const h = 1e-7;
    for (let k = 0; k < 6; k++) {
      const up = [...p];
      up[k]! += h;
      expect((pinballLoss(up, y, 6, q) - pinballLoss(p, y, 6, q)) / h).toBeCloseTo(grad[k]!, 6);
    }
  });
});
