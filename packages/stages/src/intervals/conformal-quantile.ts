/**
 * Split conformal's finite-sample quantile (Vovk et al. 2005; Lei et al. 2018): with n calibration
 * residuals, the interval ŷ ± (the ⌈(n + 1)·level/100⌉-th smallest residual) covers a new,
 * exchangeable point with probability at least level/100.
 */

/** ⌈(n + 1)·level/100⌉; the tolerance keeps (n + 1)·level/100 that is an integer in exact arithmetic from rounding up. */
export function conformalRank(n: number, level: number): number {
  return Math.ceil(((n + 1) * level) / 100 - 1e-9);
}

/** The fewest residuals whose rank is at most n: below this a finite interval cannot promise `level`. */
export function minCalibration(level: number): number {
  if (!(level > 0 && level < 100)) throw new RangeError(`level must be in (0, 100) (got ${level})`);
  let n = 1;
  while (conformalRank(n, level) > n) n++;
  return n;
}

/** The rank-th smallest residual (residuals need not be sorted); undefined when n is too small for `level`. */
export function conformalQuantile(residuals: ArrayLike<number>, level: number): number | undefined {
  const n = residuals.length;
  const rank = conformalRank(n, level);
  if (n === 0 || rank > n) return undefined;
  const sorted = Float64Array.from(residuals).sort();
  return sorted[Math.max(rank, 1) - 1];
}
