/**
 * The `missing` policies, applied after rows are sorted by time. Values are row-major with NaN
 * for a missing cell. `error` never gets here (the reader stops at the first missing cell).
 */
import type { MissingPolicy } from './csv-params.js';

export interface Filled {
  readonly values: Float64Array;
  /** Under `drop`, the rows kept (indices into the input rows); otherwise every row is. */
  readonly kept?: Uint32Array;
}

/** A missing cell that cannot be filled: the first row of a column under ffill, an end under interpolate. */
export interface Unfillable {
  readonly row: number;
  readonly column: number;
  readonly why: string;
}

export function fillMissing(values: Float64Array, width: number, policy: MissingPolicy, times?: ArrayLike<number>): Filled | Unfillable {
  const n = values.length / width;
  if (policy === 'drop') return dropMissing(values, width, n);
  const out = Float64Array.from(values);
  for (let c = 0; c < width; c++) {
    let last = -1; // last row with a value in this column
    for (let r = 0; r < n; r++) {
      if (!Number.isNaN(out[r * width + c]!)) {
        if (policy === 'interpolate' && last >= 0 && last < r - 1) interpolate(out, width, c, last, r, times);
        last = r;
        continue;
      }
      if (last < 0) return { row: r, column: c, why: `nothing before it to ${policy === 'ffill' ? 'carry forward' : 'interpolate from'}; use missing: drop` };
      if (policy === 'ffill') out[r * width + c] = out[last * width + c]!;
    }
    if (policy === 'interpolate' && last < n - 1) {
      return { row: last + 1, column: c, why: 'nothing after it to interpolate to; use missing: ffill or drop' };
    }
  }
  return { values: out };
}

/** The rows without a missing cell. */
function dropMissing(values: Float64Array, width: number, n: number): Filled {
  const kept = new Uint32Array(n);
  let count = 0;
  rows: for (let r = 0; r < n; r++) {
    for (let c = 0; c < width; c++) if (Number.isNaN(values[r * width + c]!)) continue rows;
    kept[count++] = r;
  }
  const out = new Float64Array(count * width);
  for (let i = 0; i < count; i++) out.set(values.subarray(kept[i]! * width, (kept[i]! + 1) * width), i * width);
  return { values: out, kept: kept.slice(0, count) };
}

/** Fills rows a+1 … b-1 of column c on the line from row a to row b (in time when known). */
function interpolate(out: Float64Array, width: number, c: number, a: number, b: number, times?: ArrayLike<number>): void {
  const va = out[a * width + c]!;
  const vb = out[b * width + c]!;
  const at = (r: number): number => (times ? times[r]! : r);
  for (let r = a + 1; r < b; r++) out[r * width + c] = va + ((vb - va) * (at(r) - at(a))) / (at(b) - at(a));
}
