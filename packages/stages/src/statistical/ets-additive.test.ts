import { describe, expect, it } from 'vitest';
import { etsForecast, fitEts, initialStates, smooth } from './ets-additive.js';
import type { EtsFit } from './ets-additive.js';

describe('additive exponential smoothing', () => {
  it('starts from the mean of the first ten values, or the least-squares line through them', () => {
    const y = Float64Array.from({ length: 20 }, (_, t) => 3 + 2 * (t + 1));
    expect(initialStates(y, 'none').l0).toBe(3 + 2 * 5.5); // mean of 5, 7, …, 23
    const s = initialStates(y, 'additive');
    expect(s.l0).toBeCloseTo(3, 12); // the line at t = 0
    expect(s.b0).toBeCloseTo(2, 12);
  });

  it('smooths by the error-correction recursions with a running-mean MSE', () => {
    // alpha 0.5 from l0 = 0: errors 1, 1.5, 1.75.
    const r = smooth(Float64Array.of(1, 2, 3), { alpha: 0.5, beta: 0, phi: 1, l0: 0, b0: 0 }, 'none');
    expect(r.level).toBe(2.125);
    expect(r.mse).toBeCloseTo((1 + 2.25 + 3.0625) / 3, 14);
  });

  it('forecasts l + (phi + … + phi^h) b', () => {
    const fit: EtsFit = { trend: 'damped', alpha: 0.5, beta: 0.1, phi: 0.5, l0: 0, b0: 0, level: 10, slope: 1, mse: 0, evals: 0 };
    expect(Array.from(etsForecast(fit, 3))).toEqual([10.5, 10.75, 10.875]);
    expect(Array.from(etsForecast({ ...fit, trend: 'additive', phi: 1 }, 3))).toEqual([11, 12, 13]);
    expect(Array.from(etsForecast({ ...fit, trend: 'none' }, 2))).toEqual([10, 10]);
  });

  it('keeps the parameters inside forecast\'s bounds', () => {
    const y = Float64Array.from({ length: 60 }, (_, t) => 100 + 5 * Math.sin(t) + t);
    for (const trend of ['none', 'additive', 'damped'] as const) {
      const f = fitEts(y, trend);
      expect(f.alpha).toBeGreaterThanOrEqual(1e-4);
      expect(f.alpha).toBeLessThanOrEqual(0.9999);
      if (trend !== 'none') expect(f.beta).toBeLessThanOrEqual(f.alpha);
      if (trend === 'damped') {
        expect(f.phi).toBeGreaterThanOrEqual(0.8);
        expect(f.phi).toBeLessThanOrEqual(0.98);
      }
      expect(f.evals).toBeGreaterThan(0);
    }
  });

  it('does not optimise when the parameters would be as many as the observations less one', () => {
    const f = fitEts(Float64Array.of(1, 2, 3), 'damped');
    expect(f.evals).toBe(0);
    expect(() => fitEts(new Float64Array(0), 'none')).toThrow(RangeError);
    expect(() => fitEts(Float64Array.of(1, 2, 3), 'none', { alphaStart: 1 })).toThrow(RangeError);
  });
});
