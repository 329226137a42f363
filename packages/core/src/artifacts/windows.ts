/**
 * Batches cut from windows stored as positions (see `Windows` in kinds.ts): inputs
 * [count, lookback, features] and targets [count, horizon, targets] as float32, in the order a
 * trainer or evaluator asks for. Input rows before a window's series start repeat its first row.
 */
import type { Windows } from './kinds.js';
import { seriesAt, seriesRanges } from './panel.js';

/** Window k's series (the series of its last input row). */
export function windowSeries(w: Windows): Int32Array {
  const out = new Int32Array(w.count);
  if (!w.offsets) return out;
  for (let k = 0; k < w.count; k++) out[k] = seriesAt(w.offsets, w.index[k]! - 1);
  return out;
}

/**
 * Windows grouped by series, each group in window order (a counting sort): window numbers
 * `order[starts[s]] … order[starts[s + 1] − 1]` belong to series s (of the panel's series).
 */
export function windowsBySeries(w: Windows): { starts: Int32Array; order: Int32Array } {
  const of = windowSeries(w);
  const series = w.ids?.length ?? 1;
  const starts = new Int32Array(series + 1);
  for (let k = 0; k < w.count; k++) starts[of[k]! + 1]!++;
  for (let s = 0; s < series; s++) starts[s + 1]! += starts[s]!;
  const order = new Int32Array(w.count);
  const fill = starts.slice(0, series);
  for (let k = 0; k < w.count; k++) order[fill[of[k]!]!++] = k;
  return { starts, order };
}

/** The first row of the series holding `row`. */
function seriesStart(w: Windows, row: number): number {
  return w.offsets ? w.offsets[seriesAt(w.offsets, row)]! : 0;
}

/** Inputs of windows order[start..end) (or start..end without an order), [n, lookback, features]. */
export function gatherX(w: Windows, order?: ArrayLike<number>, start = 0, end = w.count): Float32Array {
  const F = w.columns.length;
  const L = w.lookback;
  const out = new Float32Array((end - start) * L * F);
  for (let b = 0; b < end - start; b++) {
    const k = order ? order[start + b]! : start + b;
    const first = w.index[k]! - L;
    const floor = w.offsets ? seriesStart(w, w.index[k]! - 1) : 0;
    for (let r = 0; r < L; r++) {
      const row = Math.max(first + r, floor);
      out.set(w.data.subarray(row * F, row * F + F), (b * L + r) * F);
    }
  }
  return out;
}

/** Targets of windows order[start..end), [n, horizon, targets]. */
export function gatherY(w: Windows, order?: ArrayLike<number>, start = 0, end = w.count): Float32Array {
  const F = w.columns.length;
  const T = w.targetColumns.length;
  const H = w.horizon;
  const out = new Float32Array((end - start) * H * T);
  for (let b = 0; b < end - start; b++) {
    const k = order ? order[start + b]! : start + b;
    for (let h = 0; h < H; h++) {
      const row = w.index[k]! + h;
      for (let t = 0; t < T; t++) out[(b * H + h) * T + t] = w.data[row * F + w.targetColumns[t]!]!;
    }
  }
  return out;
}

/** Windows [from, from + n) of `w`: same data, a slice of the positions. */
export function sliceWindows(w: Windows, from: number, n: number): Windows {
  return { ...w, count: n, index: w.index.slice(from, from + n) };
}

/** The same data with other positions (first target rows). */
export function windowsAt(w: Windows, index: Int32Array): Windows {
  return { ...w, count: index.length, index };
}

/** One window per series whose first target is the row after the series' end: forecasts past the data. */
export function windowsAtEnds(w: Windows, series?: readonly number[]): Windows {
  const { offsets } = seriesRanges(w, w.rows);
  const picks = series ?? Array.from({ length: offsets.length - 1 }, (_, s) => s);
  return windowsAt(w, Int32Array.from(picks, (s) => offsets[s + 1]!));
}

/** Rows [from, to) of column c, as numbers (a series' history for a statistical forecaster). */
export function columnRows(w: Windows, c: number, from: number, to: number): Float64Array {
  const F = w.columns.length;
  const out = new Float64Array(to - from);
  for (let r = from; r < to; r++) out[r - from] = w.data[r * F + c]!;
  return out;
}
