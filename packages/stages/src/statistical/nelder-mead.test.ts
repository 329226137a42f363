import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.js';

const rosenbrock = (x: Float64Array): number => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;

describe('nelderMead', () => {
  it("matches R's optim(c(-1.2, 1), fr) bit for bit (Nash's variant, 195 evaluations)", () => {
    // R 4.2: optim(c(-1.2,1), fr) -> par 1.0002601387256695 1.0005059993037650, value 8.8252410967227472e-08, counts 195.
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxEvals: 500 });
    expect(Array.from(r.x)).toEqual([1.0002601387256695, 1.000505999303765]);
    expect(r.value).toBe(8.825241096722747e-8);
    expect(r.evals).toBe(195);
    expect(r.fail).toBe(0);
  });

  it("stops at the evaluation limit with fail 1, where R's optim(maxit = 50) stops", () => {
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxEvals: 50 });
    expect(Array.from(r.x)).toEqual([-0.7146036243438652, 0.4701806926727222]);
    expect(r.evals).toBe(51);
    expect(r.fail).toBe(1);
  });

  it('finds the minimum of a quadratic bowl and steps away from non-finite values', () => {
    const bowl = (x: Float64Array): number => (x[0]! > 10 ? Number.NaN : (x[0]! - 3) ** 2 + (x[1]! + 1) ** 2);
    const r = nelderMead(bowl, [0, 0], { maxEvals: 1000, reltol: 1e-12 });
    expect(r.x[0]).toBeCloseTo(3, 4);
    expect(r.x[1]).toBeCloseTo(-1, 4);
  });

  it('refuses a start where the objective is not finite', () => {
    expect(() => nelderMead(() => Number.POSITIVE_INFINITY, [1])).toThrow(RangeError);
  });
});
