import { describe, expect, it } from 'vitest';
import { comb, damped, holt, M4_BENCHMARKS, M4_PUBLISHED_BENCHMARKS, naive, naive2, seasonalNaive, ses, theta } from './benchmarks.js';

const range = (n: number, f: (t: number) => number): Float64Array => Float64Array.from({ length: n }, (_, t) => f(t));
const shape = [0.5, 1, 1.5, 1];

describe('M4 statistical benchmarks', () => {
  it('naive repeats the last value; seasonalNaive the last period', () => {
    const y = range(10, (t) => t + 1);
    expect(Array.from(naive(y, 3, 3))).toEqual([10, 10, 10]);
    expect(Array.from(seasonalNaive(y, 5, 3))).toEqual([8, 9, 10, 8, 9]);
    expect(Array.from(seasonalNaive(y, 2, 1))).toEqual([10, 10]);
  });

  it('naive2 is naive on a non-seasonal series and continues an exact cycle on a seasonal one', () => {
    const line = range(30, (t) => 2 * t + 1);
    expect(Array.from(naive2(line, 4, 4))).toEqual(Array.from(naive(line, 4, 4)));
    const cycle = range(24, (t) => 10 * shape[t % 4]!);
    expect(Array.from(naive2(cycle, 6, 4)).map((v) => Number(v.toFixed(10)))).toEqual([5, 10, 15, 10, 5, 10]);
  });

  it('ses, holt, damped and theta forecast a constant series as that constant', () => {
    const flat = range(40, () => 7);
    for (const f of [ses, holt, damped, theta, comb]) Array.from(f(flat, 5, 1)).forEach((v) => expect(v).toBeCloseTo(7, 6));
  });

  it('holt continues a straight line; damped flattens it', () => {
    const line = range(50, (t) => 5 + 2 * (t + 1));
    const h = holt(line, 4, 1);
    h.forEach((v, i) => expect(v).toBeCloseTo(5 + 2 * (51 + i), 3));
    const d = damped(line, 4, 1);
    d.forEach((v, i) => expect(v).toBeLessThan(h[i]! + 1e-9));
    expect(d[3]! - d[2]!).toBeLessThan(d[1]! - d[0]!);
  });

  it('theta never forecasts below zero and comb is the mean of ses, holt and damped', () => {
    const falling = range(40, (t) => 100 - 2.4 * t + (t % 3));
    Array.from(theta(falling, 30, 1)).forEach((v) => expect(v).toBeGreaterThanOrEqual(0));
    const y = range(60, (t) => 50 + Math.sin(t / 3) * 5 + t / 4);
    const c = comb(y, 6, 1);
    const [a, b, d] = [ses(y, 6, 1), holt(y, 6, 1), damped(y, 6, 1)];
    c.forEach((v, i) => expect(v).toBeCloseTo((a[i]! + b[i]! + d[i]!) / 3, 12));
  });

  it('is deterministic and the published-table variant only changes the smoothing fits', () => {
    const y = range(120, (t) => 300 + 40 * Math.sin((2 * Math.PI * t) / 24) + ((t * 7919) % 13));
    for (const name of Object.keys(M4_BENCHMARKS) as (keyof typeof M4_BENCHMARKS)[]) {
      expect(Array.from(M4_BENCHMARKS[name](y, 8, 24))).toEqual(Array.from(M4_BENCHMARKS[name](y, 8, 24)));
    }
    for (const name of ['Naive', 'sNaive', 'Naive2'] as const) {
      expect(Array.from(M4_PUBLISHED_BENCHMARKS[name](y, 8, 24))).toEqual(Array.from(M4_BENCHMARKS[name](y, 8, 24)));
    }
  });

  it('rejects an empty history, a bad horizon or a bad period', () => {
    expect(() => ses(new Float64Array(0), 3, 1)).toThrow(RangeError);
    expect(() => naive(Float64Array.of(1), 0, 1)).toThrow(RangeError);
    expect(() => holt(Float64Array.of(1, 2), 2, 0)).toThrow(RangeError);
    expect(Array.from(holt(Float64Array.of(4), 2, 1))).toEqual([4, 4]);
  });
});
