/**
 * Panels: several series stacked row-wise in one artifact. A single series is a panel of one, so
 * every stage loops over `seriesRanges` in one place and today's single-series pipelines keep
 * their results bit for bit.
 */
import type { Panel } from './kinds.js';

/** The id a single series gets where one must be printed (per-series CSVs, `predict --series`). */
export const SINGLE_SERIES_ID = 'series';

export interface SeriesRanges {
  readonly ids: readonly string[];
  /** ids.length + 1 entries: series s holds rows [offsets[s], offsets[s + 1]). */
  readonly offsets: Int32Array;
}

/** The panel's series, or the one series of `rows` rows. */
export function seriesRanges(p: Panel, rows: number): SeriesRanges {
  if (p.ids && p.offsets) return { ids: p.ids, offsets: p.offsets };
  return { ids: [SINGLE_SERIES_ID], offsets: Int32Array.of(0, rows) };
}

/** Number of series (1 without a panel). */
export const seriesCount = (p: Panel): number => p.ids?.length ?? 1;

/** The panel fields to copy onto a derived artifact (nothing for a single series). */
export function panelFields(p: Panel): Panel {
  return p.ids && p.offsets ? { ids: p.ids, offsets: p.offsets } : {};
}

/** The series holding `row` (binary search over the offsets). */
export function seriesAt(offsets: Int32Array, row: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= row) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A panel from per-series row counts (series with no rows are kept out by the caller). Offsets are
 * int32: a panel holds fewer than 2^31 rows.
 */
export function offsetsFrom(lengths: readonly number[]): Int32Array {
  const offsets = new Int32Array(lengths.length + 1);
  for (let s = 0; s < lengths.length; s++) offsets[s + 1] = offsets[s]! + lengths[s]!;
  return offsets;
}
