/** How a forecast's intervals read on a terminal, beside the point forecast. */
import type { PointInterval } from '@seqpipe/core';

/**
 * `  80% [98.10000, 104.20000]  95% [95.90000, 106.80000]`: one `level% [lower, upper]` per level,
 * ascending, each preceded by two spaces; empty for a point without intervals.
 */
export function intervalText(intervals: readonly PointInterval[] | undefined, fmt: (n: number) => string): string {
  return (intervals ?? []).map((b) => `  ${b.level}% [${fmt(b.lower)}, ${fmt(b.upper)}]`).join('');
}

/** A panel's interval columns in its CSV, for the one line a panel's forecast prints: ` · intervals 80%, 95% (lower_80, upper_80, … columns)`. */
export function intervalColumnsNote(levels: readonly number[] | undefined): string {
  if (!levels?.length) return '';
  return ` · intervals ${levels.map((l) => `${l}%`).join(', ')} (columns lower_${levels[0]}, upper_${levels[0]}${levels.length > 1 ? ', …' : ''})`;
}
