/**
 * What every source that reads rows with a time column does alike (source/csv, source/parquet,
 * source/sql): sort the rows by time, find a repeated time, warn of irregular spacing.
 */
import { describeStep, formatTime, spacing } from '@seqpipe/core';

export interface TimeOrder {
  /** Row indices in time order (equal times keep their read order); absent when the rows were in order already. */
  readonly order?: number[];
  /** Whether any row moved (the rows were not in time order). */
  readonly moved: boolean;
  /** The first repeated time: the row read first and the later one, as indices into the rows read. */
  readonly duplicate?: { readonly first: number; readonly later: number };
}

export function timeOrder(times: ArrayLike<number>): TimeOrder {
  let inOrder = true;
  for (let i = 1; i < times.length && inOrder; i++) inOrder = times[i - 1]! <= times[i]!;
  if (inOrder) {
    // The usual case: millions of rows cost one linear scan, no index array.
    for (let i = 1; i < times.length; i++) if (times[i] === times[i - 1]) return { moved: false, duplicate: { first: i - 1, later: i } };
    return { moved: false };
  }
  const order = Array.from({ length: times.length }, (_, i) => i);
  // Stable: rows with equal times keep read order, so the duplicate reported is the later one.
  order.sort((a, b) => times[a]! - times[b]! || a - b);
  for (let i = 1; i < order.length; i++) {
    const [first, later] = [order[i - 1]!, order[i]!];
    if (times[later] === times[first]) return { order, moved: true, duplicate: { first, later } };
  }
  return { order, moved: true };
}

/**
 * The irregular-spacing warning for dated rows (epoch ms), `code` first; undefined when the
 * spacing is regular. `where(i)` names row i of `times` for the reader ("line 3", "row 3").
 */
export function irregularWarning(code: string, times: ArrayLike<number>, where: (i: number) => string): string | undefined {
  const s = spacing(times);
  if (!s || s.gaps === 0) return undefined;
  const i = s.firstGap!;
  return `${code} irregular spacing: ${s.gaps} of ${times.length - 1} intervals differ from the usual step of ${describeStep(s.step)}; `
    + `the first between ${formatTime(times[i]!)} (${where(i)}) and ${formatTime(times[i + 1]!)} (${where(i + 1)}). `
    + 'Windows treat rows as evenly spaced; forecasts past the end step by the usual step.';
}
