/**
 * The M4 competition's statistical benchmarks, as its organisers' reference code ("Benchmarks and
 * Evaluation.R", Mcompetitions/M4-methods) computes them. Every one is
 * (history, horizon, period) => forecasts for steps 1…horizon. All but naive and seasonalNaive work
 * on the seasonally adjusted history (see seasonality.ts) and multiply the seasonal indices back.
 */
import { etsForecast, fitEts, FORECAST_8_1_ALPHA_START } from './ets-additive.js';
import type { EtsOptions, EtsTrend } from './ets-additive.js';
import { seasonalAdjustment } from './seasonality.js';

export type StatisticalForecaster = (history: Float64Array, horizon: number, period: number) => Float64Array;

function check(history: Float64Array, horizon: number, period: number): void {
  if (history.length === 0) throw new RangeError('a forecast needs at least one observation');
  if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`horizon must be a positive integer (got ${horizon})`);
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`period must be a positive integer (got ${period})`);
}

/** Repeats the last value. `period` is ignored. */
export const naive: StatisticalForecaster = (history, horizon, period) => {
  check(history, horizon, period);
  return new Float64Array(horizon).fill(history[history.length - 1]!);
};

/** Repeats the last full period (the naive forecast when period is 1 or longer than the history). */
export const seasonalNaive: StatisticalForecaster = (history, horizon, period) => {
  check(history, horizon, period);
  const n = history.length;
  if (period <= 1 || period > n) return naive(history, horizon, period);
  const out = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) out[h] = history[n - period + (h % period)]!;
  return out;
};

/** Builds a benchmark that forecasts the seasonally adjusted history and reseasonalises. */
function onAdjusted(inner: (adjusted: Float64Array, horizon: number) => Float64Array): StatisticalForecaster {
  return (history, horizon, period) => {
    check(history, horizon, period);
    const { adjusted, outIndices } = seasonalAdjustment(history, horizon, period);
    const f = inner(adjusted, horizon);
    for (let h = 0; h < horizon; h++) f[h] = f[h]! * outIndices[h]!;
    return f;
  };
}

/** Naive on the seasonally adjusted history (the M4's reference for OWA). */
export const naive2: StatisticalForecaster = onAdjusted((y, horizon) => constant(y, horizon));

function constant(y: Float64Array, horizon: number): Float64Array {
  return new Float64Array(horizon).fill(y[y.length - 1]!);
}

/** Least-squares line through (1, y1) … (n, yn); slope 0 for a single point. */
function lineFit(y: Float64Array): { intercept: number; slope: number } {
  const n = y.length;
  const mt = (n + 1) / 2;
  let my = 0;
  for (let t = 0; t < n; t++) my += y[t]!;
  my /= n;
  let sty = 0;
  let stt = 0;
  for (let t = 0; t < n; t++) {
    sty += (t + 1 - mt) * (y[t]! - my);
    stt += (t + 1 - mt) ** 2;
  }
  const slope = stt > 0 ? sty / stt : 0;
  return { intercept: my - slope * mt, slope };
}

export type M4BenchmarkName = 'Naive' | 'sNaive' | 'Naive2' | 'SES' | 'Holt' | 'Damped' | 'Theta' | 'Com';

/**
 * The eight M4 statistical benchmarks, keyed by the names the M4 tables use. `options` reaches the
 * exponential-smoothing fits (SES, Holt, Damped, Theta's SES, Comb): the default follows forecast
 * ≥ 8.2; { alphaStart: FORECAST_8_1_ALPHA_START } follows forecast ≤ 8.1, as the published table did.
 */
export function m4Benchmarks(options: EtsOptions = {}): Readonly<Record<M4BenchmarkName, StatisticalForecaster>> {
  const fit = (y: Float64Array, trend: EtsTrend, horizon: number): Float64Array => etsForecast(fitEts(y, trend, options), horizon);
  // Holt needs two observations to estimate a trend (R's holt() refuses one).
  const trended = (trend: EtsTrend) => (y: Float64Array, horizon: number) => (y.length < 2 ? constant(y, horizon) : fit(y, trend, horizon));
  const ses = onAdjusted((y, horizon) => fit(y, 'none', horizon));
  const holt = onAdjusted(trended('additive'));
  const damped = onAdjusted(trended('damped'));
  // Classic Theta as the M4 reference code has it: the least-squares line a + b·t (theta line 0) and
  // SES on 2·y − line (theta line 2), averaged — SES with a drift of half the line's slope. Negative
  // forecasts become 0 before reseasonalising.
  const theta = onAdjusted((y, horizon) => {
    const n = y.length;
    const { intercept, slope } = lineFit(y);
    const line2 = new Float64Array(n);
    for (let t = 0; t < n; t++) line2[t] = 2 * y[t]! - (intercept + slope * (t + 1));
    const s = fit(line2, 'none', horizon);
    const out = new Float64Array(horizon);
    for (let h = 0; h < horizon; h++) out[h] = Math.max(0, 0.5 * s[h]! + 0.5 * (intercept + slope * (n + h + 1)));
    return out;
  });
  // Comb: the mean of SES, Holt and Damped.
  const comb: StatisticalForecaster = (history, horizon, period) => {
    const a = ses(history, horizon, period);
    const b = holt(history, horizon, period);
    const c = damped(history, horizon, period);
    const out = new Float64Array(horizon);
    for (let h = 0; h < horizon; h++) out[h] = (a[h]! + b[h]! + c[h]!) / 3;
    return out;
  };
  return { Naive: naive, sNaive: seasonalNaive, Naive2: naive2, SES: ses, Holt: holt, Damped: damped, Theta: theta, Com: comb };
}

/** The benchmarks as the reference code gives them with forecast ≥ 8.2 (what R gives today). */
export const M4_BENCHMARKS = m4Benchmarks();
/** The benchmarks as the published M4 table has them (forecast ≤ 8.1's ETS start). */
export const M4_PUBLISHED_BENCHMARKS = m4Benchmarks({ alphaStart: FORECAST_8_1_ALPHA_START });

/** Simple exponential smoothing, ETS(A,N,N) by forecast's ses(), on the seasonally adjusted history. */
export const ses: StatisticalForecaster = M4_BENCHMARKS.SES;
/** Holt's linear trend, ETS(A,A,N) by forecast's holt(). */
export const holt: StatisticalForecaster = M4_BENCHMARKS.Holt;
/** Damped trend, ETS(A,Ad,N) by forecast's holt(damped = TRUE). */
export const damped: StatisticalForecaster = M4_BENCHMARKS.Damped;
/** The M4 reference Theta (SES with half the linear trend's slope as drift). */
export const theta: StatisticalForecaster = M4_BENCHMARKS.Theta;
/** The M4 "Comb" benchmark: the mean of SES, Holt and Damped. */
export const comb: StatisticalForecaster = M4_BENCHMARKS.Com;
