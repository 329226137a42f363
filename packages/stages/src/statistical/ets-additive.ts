/**
 * Non-seasonal additive-error exponential smoothing — ETS(A,N,N), ETS(A,A,N) and ETS(A,Ad,N) — fitted
 * the way R's forecast package fits them for ses(), holt() and holt(damped = TRUE), which is what
 * the M4 reference benchmarks call (forecast 8.2 and 8.20 fit these identically):
 *
 * - criterion: the in-sample mean squared one-step error (opt.crit = "mse");
 * - free parameters: alpha [, beta] [, phi] and the initial states l0 [, b0], optimised together by
 *   Nash's Nelder–Mead (reltol √ε, at most 2000 evaluations);
 * - start: alpha = 0.2 of its range (0.5 up to forecast 8.1, see EtsOptions), beta = 0.1 of
 *   [lower, alpha], phi = 0.99 of its range; l0 the mean of the first ≤ 10 values (no trend) or l0, b0
 *   the least-squares line through them (trend);
 * - bounds "both": 1e-4 ≤ alpha ≤ 0.9999, 1e-4 ≤ beta ≤ min(alpha, 0.9999), 0.8 ≤ phi ≤ 0.98, and
 *   the admissible region; a point outside scores +∞.
 */
import { nelderMead } from './nelder-mead.js';

export type EtsTrend = 'none' | 'additive' | 'damped';

export interface EtsFit {
  readonly trend: EtsTrend;
  readonly alpha: number;
  readonly beta: number;
  readonly phi: number;
  /** Initial level and slope (slope 0 without trend). */
  readonly l0: number;
  readonly b0: number;
  /** Final level and slope, after the last observation. */
  readonly level: number;
  readonly slope: number;
  /** The optimised mean squared one-step error. */
  readonly mse: number;
  /** Evaluations Nelder–Mead used; 0 when the series was too short to optimise. */
  readonly evals: number;
}

export interface EtsOptions {
  /**
   * Where Nelder–Mead starts alpha, as a fraction of its range. forecast 8.2 onwards (Oct 2017,
   * commit a47d93a0) starts at 0.2 — the default here; forecast 8.1 and earlier started at 0.5, and
   * the published M4 benchmark table was computed that way (Holt/Damped/Comb scores reproduce it only
   * with 0.5). Trend fits are sensitive to it: their MSE surface has several local minima.
   */
  readonly alphaStart?: number;
}

/** forecast ≥ 8.2's start for alpha (the default). */
export const FORECAST_ALPHA_START = 0.2;
/** forecast ≤ 8.1's start for alpha, which the published M4 table's benchmarks used. */
export const FORECAST_8_1_ALPHA_START = 0.5;

const LOWER = { alpha: 1e-4, beta: 1e-4, phi: 0.8 };
const UPPER = { alpha: 0.9999, beta: 0.9999, phi: 0.98 };
const MAX_EVALS = 2000;

interface Params {
  alpha: number;
  beta: number;
  phi: number;
  l0: number;
  b0: number;
}

/** Start values as forecast's initparam() gives them for a non-seasonal model (m = 1). */
function startParams(trend: EtsTrend, alphaStart: number): Pick<Params, 'alpha' | 'beta' | 'phi'> {
  const alpha = LOWER.alpha + alphaStart * (UPPER.alpha - LOWER.alpha);
  const betaUpper = Math.min(UPPER.beta, alpha);
  const beta = trend === 'none' ? 0 : LOWER.beta + 0.1 * (betaUpper - LOWER.beta);
  const phi = trend === 'damped' ? LOWER.phi + 0.99 * (UPPER.phi - LOWER.phi) : 1;
  return { alpha, beta, phi };
}

/** Initial states as forecast's initstate() gives them: from the first min(10, n) values. */
export function initialStates(y: Float64Array, trend: EtsTrend): { l0: number; b0: number } {
  const k = Math.min(10, y.length);
  if (trend === 'none') {
    let s = 0;
    for (let i = 0; i < k; i++) s += y[i]!;
    return { l0: s / k, b0: 0 };
  }
  // Least-squares line through (1, y1) … (k, yk): l0 is the intercept at t = 0, b0 the slope.
  let mt = 0;
  let my = 0;
  for (let i = 0; i < k; i++) {
    mt += i + 1;
    my += y[i]!;
  }
  mt /= k;
  my /= k;
  let sty = 0;
  let stt = 0;
  for (let i = 0; i < k; i++) {
    sty += (i + 1 - mt) * (y[i]! - my);
    stt += (i + 1 - mt) * (i + 1 - mt);
  }
  let b0 = stt > 0 ? sty / stt : 0;
  let l0 = my - b0 * mt;
  if (Math.abs(l0 + b0) < 1e-8) {
    l0 *= 1 + 1e-3;
    b0 *= 1 - 1e-3;
  }
  return { l0, b0 };
}

/** forecast's parameter checks: the usual bounds, then the admissible region (non-seasonal). */
function admissible(p: Params, trend: EtsTrend): boolean {
  if (p.alpha < LOWER.alpha || p.alpha > UPPER.alpha) return false;
  if (trend !== 'none' && (p.beta < LOWER.beta || p.beta > p.alpha || p.beta > UPPER.beta)) return false;
  if (trend === 'damped' && (p.phi < LOWER.phi || p.phi > UPPER.phi)) return false;
  if (p.phi < 0 || p.phi > 1 + 1e-8) return false;
  if (p.alpha < 1 - 1 / p.phi || p.alpha > 1 + 1 / p.phi) return false;
  if (trend !== 'none' && (p.beta < p.alpha * (p.phi - 1) || p.beta > (1 + p.phi) * (2 - p.alpha))) return false;
  return true;
}

/**
 * Runs the smoother over y from (l0, b0): the mean squared one-step error (accumulated as a running
 * mean, as forecast's C code does) and the final state.
 */
export function smooth(y: Float64Array, p: Params, trend: EtsTrend): { mse: number; level: number; slope: number } {
  let l = p.l0;
  let b = trend === 'none' ? 0 : p.b0;
  let mse = 0;
  const ratio = p.beta / p.alpha;
  for (let i = 0; i < y.length; i++) {
    const phib = trend === 'none' ? 0 : p.phi * b;
    const q = l + phib;
    const e = y[i]! - q;
    mse = (mse * i + e * e) / (i + 1);
    const next = q + p.alpha * e;
    if (trend !== 'none') b = phib + ratio * (next - l - phib);
    l = next;
  }
  return { mse, level: l, slope: b };
}

function unpack(x: Float64Array, trend: EtsTrend, fixed: Pick<Params, 'beta' | 'phi'>): Params {
  let j = 0;
  const alpha = x[j++]!;
  const beta = trend === 'none' ? fixed.beta : x[j++]!;
  const phi = trend === 'damped' ? x[j++]! : fixed.phi;
  const l0 = x[j++]!;
  const b0 = trend === 'none' ? 0 : x[j++]!;
  return { alpha, beta, phi, l0, b0 };
}

/**
 * Fits ETS(A,N,N) / (A,A,N) / (A,Ad,N) to y by forecast's ets(opt.crit = "mse"). Differs from R on
 * tiny series only: with at most 6 (none), 8 (additive) or 9 (damped) values ets() switches to a
 * HoltWinters-style fit; this keeps the ETS fit, and keeps the start values unoptimised when the
 * parameters would be as many as the values less one.
 */
export function fitEts(y: Float64Array, trend: EtsTrend, options: EtsOptions = {}): EtsFit {
  if (y.length === 0) throw new RangeError('exponential smoothing needs at least one observation');
  const alphaStart = options.alphaStart ?? FORECAST_ALPHA_START;
  if (!(alphaStart > 0 && alphaStart < 1)) throw new RangeError(`alphaStart must be in (0, 1) (got ${alphaStart})`);
  const start = startParams(trend, alphaStart);
  const init = initialStates(y, trend);
  const x0: number[] = [start.alpha];
  if (trend !== 'none') x0.push(start.beta);
  if (trend === 'damped') x0.push(start.phi);
  x0.push(init.l0);
  if (trend !== 'none') x0.push(init.b0);
  let x: Float64Array = Float64Array.from(x0);
  let evals = 0;
  // forecast declines to optimise when the parameters are as many as the observations less one.
  if (x.length < y.length - 1) {
    const objective = (v: Float64Array): number => {
      const p = unpack(v, trend, start);
      return admissible(p, trend) ? smooth(y, p, trend).mse : Number.POSITIVE_INFINITY;
    };
    const res = nelderMead(objective, x, { abstol: Number.NEGATIVE_INFINITY, reltol: Math.sqrt(Number.EPSILON), maxEvals: MAX_EVALS });
    x = res.x;
    evals = res.evals;
  }
  const p = unpack(x, trend, start);
  const run = smooth(y, p, trend);
  return { trend, alpha: p.alpha, beta: p.beta, phi: p.phi, l0: p.l0, b0: p.b0, level: run.level, slope: run.slope, mse: run.mse, evals };
}

/** Point forecasts 1…horizon from a fit: l + (φ + φ² + … + φ^h)·b. */
export function etsForecast(fit: EtsFit, horizon: number): Float64Array {
  const out = new Float64Array(horizon);
  let damp = fit.phi;
  for (let h = 0; h < horizon; h++) {
    out[h] = fit.trend === 'none' ? fit.level : fit.level + damp * fit.slope;
    damp += Math.abs(fit.phi - 1) < 1e-10 ? 1 : fit.phi ** (h + 2);
  }
  return out;
}
