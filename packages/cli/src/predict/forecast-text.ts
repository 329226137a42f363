/** How a forecast reads on a terminal: a line per step, its intervals beside the value. */
import type { ForecastPoint, PointInterval } from '@seqpipe/core';

/** Numbers on `seqpipe predict`'s lines: 5 decimals, exponent form when very small or large. */
export const fmt = (n: number): string => (Math.abs(n) >= 1e-3 && Math.abs(n) < 1e6 ? n.toFixed(5) : n.toExponential(4));

/**
 * One step of `seqpipe predict` (`date`: at the series' step, see pointDates): `  step 1  row 100  2024-01-05  → 101.30000  80% [98.10000, 104.20000]
 * 95% [95.90000, 106.80000]  (actual 100.90000, error 0.40000)`; parts absent when unknown.
 */
export function predictLine(p: ForecastPoint, date: string | undefined = p.date): string {
  const actual = p.actual === undefined ? '' : `  (actual ${fmt(p.actual)}, error ${fmt(p.value - p.actual)})`;
  const when = date ?? (p.time === undefined ? undefined : fmt(p.time));
  return `  step ${p.step}  row ${p.index}${when === undefined ? '' : `  ${when}`}  → ${fmt(p.value)}${intervalText(p.intervals, fmt)}${actual}`;
}

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
