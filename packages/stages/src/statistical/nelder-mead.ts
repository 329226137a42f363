/**
 * Nelder–Mead simplex minimiser in the variant of J. C. Nash, "Compact Numerical Methods for
 * Computers" (2nd ed., 1990, Algorithm 19) — the variant behind R's optim(method = "Nelder-Mead")
 * and behind the forecast package's ets() fits. The M4 benchmarks' Holt/Damped/SES numbers depend
 * on its exact moves (start simplex, reflect/extend/contract/shrink order, stopping rule), so this
 * follows that algorithm step for step rather than a textbook Nelder–Mead.
 */

export interface NelderMeadOptions {
  /** Stop when the best value is at or below this (ets passes −∞: never). */
  readonly abstol?: number;
  /** Relative tolerance on the spread of the simplex's values (ets: √ε). */
  readonly reltol?: number;
  /** Reflection, contraction and extension factors (1, 0.5, 2 in R). */
  readonly reflect?: number;
  readonly contract?: number;
  readonly extend?: number;
  /** Function evaluations allowed (ets: 2000). */
  readonly maxEvals?: number;
}

export interface NelderMeadResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly evals: number;
  /** 0 converged, 1 evaluation limit reached, 10 the simplex stopped shrinking. */
  readonly fail: 0 | 1 | 10;
}

/** Non-finite values count as this (Nash's "big"), so the simplex steps away from them. */
const BIG = 1e35;

export function nelderMead(fn: (x: Float64Array) => number, start: ArrayLike<number>, options: NelderMeadOptions = {}): NelderMeadResult {
  const n = start.length;
  const abstol = options.abstol ?? Number.NEGATIVE_INFINITY;
  const reltol = options.reltol ?? Math.sqrt(Number.EPSILON);
  const a = options.reflect ?? 1;
  const b = options.contract ?? 0.5;
  const g = options.extend ?? 2;
  const maxEvals = options.maxEvals ?? 500;
  const x0 = Float64Array.from(start);
  const f0 = fn(x0);
  if (!Number.isFinite(f0)) throw new RangeError('the objective is not finite at the initial parameters');
  const value = (x: Float64Array): number => {
    const f = fn(x);
    return Number.isFinite(f) ? f : BIG;
  };

  // vertices[j] holds a point; values[j] its objective. Vertex 0 is the start.
  const vertices: Float64Array[] = [Float64Array.from(x0)];
  const values = new Float64Array(n + 1);
  values[0] = f0;
  let evals = 1;
  const convtol = reltol * (Math.abs(f0) + reltol);
  let step = 0;
  for (let i = 0; i < n; i++) step = Math.max(step, 0.1 * Math.abs(x0[i]!));
  if (step === 0) step = 0.1;
  let size = 0;
  for (let j = 1; j <= n; j++) {
    const v = Float64Array.from(x0);
    let trystep = step;
    // Grow the step until it actually moves the coordinate (large values swallow small steps).
    while (v[j - 1] === x0[j - 1]) {
      v[j - 1] = x0[j - 1]! + trystep;
      trystep *= 10;
    }
    size += trystep;
    vertices.push(v);
  }
  let oldsize = size;
  let low = 0;
  let recompute = true;
  let fail: 0 | 1 | 10 = 0;
  const centroid = new Float64Array(n);
  const trial = new Float64Array(n);

  do {
    if (recompute) {
      for (let j = 0; j <= n; j++) {
        if (j === low) continue;
        values[j] = value(vertices[j]!);
        evals++;
      }
      recompute = false;
    }
    let vl = values[low]!;
    let vh = vl;
    let high = low;
    for (let j = 0; j <= n; j++) {
      if (j === low) continue;
      const f = values[j]!;
      if (f < vl) {
        low = j;
        vl = f;
      }
      if (f > vh) {
        high = j;
        vh = f;
      }
    }
    if (vh <= vl + convtol || vl <= abstol) break;

    const worst = vertices[high]!;
    for (let i = 0; i < n; i++) {
      let t = -worst[i]!;
      for (let j = 0; j <= n; j++) t += vertices[j]![i]!;
      centroid[i] = t / n;
    }
    for (let i = 0; i < n; i++) trial[i] = (1 + a) * centroid[i]! - a * worst[i]!;
    const vr = value(trial);
    evals++;
    if (vr < vl) {
      // Try extending past the reflected point; keep whichever is better.
      const reflected = Float64Array.from(trial);
      for (let i = 0; i < n; i++) trial[i] = g * reflected[i]! + (1 - g) * centroid[i]!;
      const fe = value(trial);
      evals++;
      if (fe < vr) {
        worst.set(trial);
        values[high] = fe;
      } else {
        worst.set(reflected);
        values[high] = vr;
      }
    } else {
      if (vr < vh) {
        worst.set(trial);
        values[high] = vr;
      }
      for (let i = 0; i < n; i++) trial[i] = (1 - b) * worst[i]! + b * centroid[i]!;
      const fc = value(trial);
      evals++;
      if (fc < values[high]!) {
        worst.set(trial);
        values[high] = fc;
      } else if (vr >= vh) {
        // Shrink every vertex towards the best one; give up if the simplex no longer shrinks.
        recompute = true;
        size = 0;
        const best = vertices[low]!;
        for (let j = 0; j <= n; j++) {
          if (j === low) continue;
          const v = vertices[j]!;
          for (let i = 0; i < n; i++) {
            v[i] = b * (v[i]! - best[i]!) + best[i]!;
            size += Math.abs(v[i]! - best[i]!);
          }
        }
        if (size < oldsize) {
          oldsize = size;
        } else {
          fail = 10;
          break;
        }
      }
    }
  } while (evals <= maxEvals);

  if (evals > maxEvals) fail = 1;
  return { x: Float64Array.from(vertices[low]!), value: values[low]!, evals, fail };
}
