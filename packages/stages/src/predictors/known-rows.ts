import { addTimeStep, commonStep, formatTime } from '@seqpipe/core';
import type { Split, TimeStep, Windows } from '@seqpipe/core';

/** What a split knows about its series' rows: the first target's scaled value and the time axis. */
export interface KnownRows {
  /** Scaled value of the first target column at a row, when some window or the tail holds it. */
  target(row: number): number | undefined;
  /**
   * Time at a row: known, or extrapolated past the last known row. A dated axis steps by its
   * usual calendar step (the most common spacing between consecutive rows: 1 month → the 1st of
   * the next months; irregular data still steps by that usual step); a numeric axis by the last
   * known spacing. Undefined without a time axis.
   */
  time(row: number): number | undefined;
  /** `time(row)` as an ISO date when the axis is dated. */
  date(row: number): string | undefined;
}

export function knownRows(split: Split): KnownRows {
  const parts: Windows[] = [split.train, ...(split.validation ? [split.validation] : []), split.test];
  const last = split.test;
  const { lookback, horizon, seriesLength } = last;
  const features = last.columns.length;
  const targets = last.targetColumns.length;
  const target0 = last.targetColumns[0]!;
  const values = new Map<number, number>();
  const times = new Map<number, number>();
  for (const w of parts) {
    for (let k = 0; k < w.count; k++) {
      for (let h = 0; h < horizon; h++) values.set(w.index[k]! + h, w.y[(k * horizon + h) * targets]!);
      if (w.time) times.set(w.index[k]!, w.time[k]!);
    }
  }
  // The tail holds the last rows of the series, target column included.
  for (let r = 0; r < lookback; r++) values.set(seriesLength - lookback + r, last.tail[r * features + target0]!);
  // Parts are chronological, so the last two entries give the latest spacing.
  const pairs = [...times.entries()];
  const [i1, t1] = pairs.at(-1) ?? [];
  const [i0, t0] = pairs.at(-2) ?? [];
  const step = last.timeUnit === 'ms-epoch' ? calendarStep(pairs) : undefined;
  const time = (row: number): number | undefined => {
    const known = times.get(row);
    if (known !== undefined || i1 === undefined || i0 === undefined) return known;
    if (step) return addTimeStep(t1!, step, row - i1);
    return t1! + ((row - i1) * (t1! - t0!)) / (i1 - i0);
  };
  return {
    target: (row) => values.get(row),
    time,
    date(row) {
      const t = last.timeUnit === 'ms-epoch' ? time(row) : undefined;
      return t === undefined ? undefined : formatTime(t);
    },
  };
}

/** The usual step between rows one apart (windows with a stride > 1 skip rows). */
function calendarStep(pairs: readonly (readonly [number, number])[]): TimeStep | undefined {
  const intervals: (readonly [number, number])[] = [];
  for (let k = 1; k < pairs.length; k++) if (pairs[k]![0] === pairs[k - 1]![0] + 1) intervals.push([pairs[k - 1]![1], pairs[k]![1]]);
  return commonStep(intervals)?.step;
}
