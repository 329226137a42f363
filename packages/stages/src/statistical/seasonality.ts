/**
 * Seasonality as the M4 reference benchmarks handle it: a 90% autocorrelation test at lag `period`,
 * and, when it says seasonal, classical multiplicative decomposition (R's decompose()) whose seasonal
 * indices divide the history and multiply the forecasts back.
 */

/** Sample autocorrelations at lags 1…maxLag of the demeaned series (R's acf(), divisor n). */
export function autocorrelations(x: Float64Array, maxLag: number): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = x[i]! - mean;
  const cov = (lag: number): number => {
    let s = 0;
    for (let i = 0; i < n - lag; i++) s += d[i + lag]! * d[i]!;
    return s / n;
  };
  const c0 = cov(0);
  const out = new Float64Array(maxLag);
  for (let k = 1; k <= maxLag; k++) out[k - 1] = Math.max(-1, Math.min(1, cov(k) / c0));
  return out;
}

/**
 * The M4 seasonality test: seasonal when |r_period| exceeds 1.645/√n · √(1 + 2·Σ_{k<period} r_k²)
 * (a 90% two-sided bound with Bartlett's variance). False for period ≤ 1, for fewer than 3 periods
 * of data, when `period` is beyond R's default number of lags (⌊10·log10 n⌋, at most n − 1), and for
 * a constant series.
 */
export function isSeasonal(history: Float64Array, period: number): boolean {
  const n = history.length;
  if (period <= 1 || n < 3 * period) return false;
  const maxLag = Math.min(Math.floor(10 * Math.log10(n)), n - 1);
  if (period > maxLag) return false;
  const r = autocorrelations(history, period);
  let sumSq = 0;
  for (let k = 0; k < period - 1; k++) sumSq += r[k]! * r[k]!;
  const limit = (1.645 / Math.sqrt(n)) * Math.sqrt(1 + 2 * sumSq);
  const rp = r[period - 1]!;
  return Number.isFinite(rp) && Math.abs(rp) > limit;
}

/**
 * Seasonal indices of classical multiplicative decomposition (R's decompose(type = "multiplicative")):
 * a centred moving average of length `period` (2×period for even periods) as the trend, the mean
 * ratio to it per position in the cycle, normalised to mean 1. Index i belongs to the positions
 * t ≡ i (mod period) counted from the start of the history. Needs at least two periods.
 */
export function multiplicativeIndices(history: Float64Array, period: number): Float64Array {
  const n = history.length;
  if (period < 2 || n < 2 * period) throw new RangeError(`decomposition needs at least two periods of ${period} (got ${n} values)`);
  // Filter weights: 1/p each for odd p; for even p, p + 1 weights with halves at both ends.
  const w = period % 2 === 0 ? [0.5, ...new Array<number>(period - 1).fill(1), 0.5].map((v) => v / period) : new Array<number>(period).fill(1 / period);
  const half = Math.floor(w.length / 2);
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let t = half; t < n - (w.length - 1 - half); t++) {
    // Same summation order as R's filter(): weight j against x[t + half − j].
    let trend = 0;
    for (let j = 0; j < w.length; j++) trend += w[j]! * history[t + half - j]!;
    sums[t % period] += history[t]! / trend;
    counts[t % period]++;
  }
  const figure = new Float64Array(period);
  let mean = 0;
  for (let i = 0; i < period; i++) {
    figure[i] = sums[i]! / counts[i]!;
    mean += figure[i]!;
  }
  mean /= period;
  for (let i = 0; i < period; i++) figure[i] = figure[i]! / mean;
  return figure;
}

export interface SeasonalAdjustment {
  /** The history divided by its seasonal indices (the history itself when not seasonal). */
  readonly adjusted: Float64Array;
  /** Multipliers for forecast steps 1…horizon (all 1 when not seasonal). */
  readonly outIndices: Float64Array;
  readonly seasonal: boolean;
}

/** Seasonal adjustment as the M4 benchmarks do it: decompose only when the 90% test says seasonal. */
export function seasonalAdjustment(history: Float64Array, horizon: number, period: number): SeasonalAdjustment {
  const n = history.length;
  const outIndices = new Float64Array(horizon).fill(1);
  if (!isSeasonal(history, period)) return { adjusted: Float64Array.from(history), outIndices, seasonal: false };
  const figure = multiplicativeIndices(history, period);
  const adjusted = new Float64Array(n);
  for (let t = 0; t < n; t++) adjusted[t] = history[t]! / figure[t % period]!;
  for (let h = 0; h < horizon; h++) outIndices[h] = figure[(n + h) % period]!;
  return { adjusted, outIndices, seasonal: true };
}
