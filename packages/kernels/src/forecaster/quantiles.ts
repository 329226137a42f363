/**
 * A quantile-regression network (trainer/tfjs `loss: quantile`) outputs, per window, Q values for
 * every (horizon step, target): the layout is [horizon, targets, Q] with the quantiles in the
 * order given (ascending). The point forecast is the 0.5 quantile (required by the trainer); the
 * intervals are the central ones formed by symmetric pairs (q, 1 − q): level (1 − 2q)·100.
 * Networks can cross quantiles: each point's Q values are sorted before use (monotone
 * rearrangement, Chernozhukov et al. 2010), so lower ≤ median ≤ upper always holds.
 */
import { gatherX, toOriginal, type Intervals, type Windows } from '@seqpipe/core';

/** Recorded in an exported quantile network's model.json (userDefinedMetadata.seqpipe). */
export const OUTPUT_LAYOUT = '[horizon, targets, quantiles]';

/** Quantiles q and 1 − q pair when they differ from symmetric by less than this. */
const PAIR_TOLERANCE = 1e-9;

export interface QuantilePair {
  /** Percent, rounded to 1e-6 (0.025/0.975 → 95). */
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
}

/** The symmetric pairs of sorted quantiles (indices into them), by level ascending. */
export function quantilePairs(quantiles: readonly number[]): QuantilePair[] {
  const pairs: QuantilePair[] = [];
  for (let i = 0; i < quantiles.length; i++) {
    const q = quantiles[i]!;
    if (q >= 0.5) break;
    const j = quantiles.findIndex((r) => Math.abs(r - (1 - q)) < PAIR_TOLERANCE);
    if (j > i) pairs.push({ level: Math.round((1 - 2 * q) * 1e8) / 1e6, lower: i, upper: j });
  }
  return pairs.sort((a, b) => a.level - b.level);
}

export function quantileLevels(quantiles: readonly number[]): number[] {
  return quantilePairs(quantiles).map((p) => p.level);
}

/** Index of the 0.5 quantile (the point forecast), or −1. */
export function medianIndex(quantiles: readonly number[]): number {
  return quantiles.findIndex((q) => Math.abs(q - 0.5) < PAIR_TOLERANCE);
}

/** Sorts each point's Q values in place (rearrangement): out [points][Q]. */
export function sortQuantiles(out: Float32Array, Q: number): Float32Array {
  const v = new Float32Array(Q);
  for (let at = 0; at < out.length; at += Q) {
    v.set(out.subarray(at, at + Q));
    v.sort();
    out.set(v, at);
  }
  return out;
}

/** Column `j` of [points][Q]: [points]. */
export function quantileColumn(raw: Float32Array, Q: number, j: number): Float32Array {
  const out = new Float32Array(raw.length / Q);
  for (let k = 0; k < out.length; k++) out[k] = raw[k * Q + j]!;
  return out;
}

/** Sorted network outputs [count, horizon, targets, Q] → the point forecast [count, horizon, targets]. */
export function pointForecast(sorted: Float32Array, quantiles: readonly number[]): Float32Array {
  const m = medianIndex(quantiles);
  if (m < 0) throw new Error(`a quantile forecaster needs the 0.5 quantile for its point forecast (has ${quantiles.join(', ')})`);
  return quantileColumn(sorted, quantiles.length, m);
}

/** Sorted network outputs for windows `w` → their intervals in original units, lower ≤ upper. */
export function quantileIntervals(sorted: Float32Array, quantiles: readonly number[], w: Windows): Intervals {
  const Q = quantiles.length;
  const pairs = quantilePairs(quantiles);
  const lower: Float64Array[] = [];
  const upper: Float64Array[] = [];
  for (const pair of pairs) {
    const lo = toOriginal(quantileColumn(sorted, Q, pair.lower), w);
    const hi = toOriginal(quantileColumn(sorted, Q, pair.upper), w);
    // A decreasing inverse transform would swap the bounds: keep lower ≤ upper in original units too.
    for (let k = 0; k < lo.length; k++) if (lo[k]! > hi[k]!) [lo[k], hi[k]] = [hi[k]!, lo[k]!];
    lower.push(lo);
    upper.push(hi);
  }
  return { levels: pairs.map((p) => p.level), lower, upper };
}

/**
 * A network's forecaster with its quantiles: `base` itself without them; with them, `base` plus the
 * quantiles, their levels and the intervals read from `raw` (the network's sorted outputs).
 */
export function withQuantileIntervals<F extends object>(
  base: F, quantiles: readonly number[] | undefined, raw: (x: Float32Array, count: number) => Float32Array | Promise<Float32Array>,
): F {
  if (!quantiles) return base;
  return {
    ...base,
    quantiles,
    levels: quantileLevels(quantiles),
    async intervals(w: Windows) {
      return quantileIntervals(await raw(gatherX(w), w.count), quantiles, w);
    },
  };
}
