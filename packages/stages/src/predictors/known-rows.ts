import { addTimeStep, commonStep, formatTime, seriesRanges } from '@seqpipe/core';
import type { TimeStep, Windows } from '@seqpipe/core';

/** What the windows' rows say about one series: the first target's scaled value and the time axis. */
export interface KnownRows {
  /** First row of the series in the windows' data. */
  readonly start: number;
  /** Row after its last row: where a forecast past the data begins. */
  readonly end: number;
  /** Scaled value of the first target column at a row of the series; undefined past its end. */
  target(row: number): number | undefined;
  /**
   * Time at a row: known, or extrapolated past the series' last row. A dated axis steps by its
   * usual calendar step (the most common spacing between consecutive rows: 1 month → the 1st of
   * the next months; irregular data still steps by that usual step); a numeric axis by the last
   * spacing. Undefined without a time axis.
   */
  time(row: number): number | undefined;
  /** `time(row)` as an ISO date when the axis is dated. */
  date(row: number): string | undefined;
  /** The usual calendar step of a dated axis (how its dates are printed); undefined otherwise. */
  step(): TimeStep | undefined;
}

/** Known rows of series `s` (the only one, or a panel's s-th). */
export function knownRows(w: Windows, s = 0): KnownRows {
  const { offsets } = seriesRanges(w, w.rows);
  const start = offsets[s]!;
  const end = offsets[s + 1]!;
  const F = w.columns.length;
  const target0 = w.targetColumns[0]!;
  const times = w.time;
  // Found on the first row past the end only: it reads every interval of the series.
  let step: TimeStep | undefined | null = null;
  const time = (row: number): number | undefined => {
    if (!times) return undefined;
    if (row < end) return times[row];
    if (step === null) step = w.timeUnit === 'ms-epoch' ? calendarStep(times, start, end) : undefined;
    const t1 = times[end - 1]!;
    if (step) return addTimeStep(t1, step, row - (end - 1));
    if (end - start < 2) return undefined;
    return t1 + (row - (end - 1)) * (t1 - times[end - 2]!);
  };
  return {
    start, end,
    target: (row) => (row >= start && row < end ? w.data[row * F + target0] : undefined),
    time,
    date(row) {
      const t = w.timeUnit === 'ms-epoch' ? time(row) : undefined;
      return t === undefined ? undefined : formatTime(t);
    },
    step() {
      if (step === null) step = times && w.timeUnit === 'ms-epoch' ? calendarStep(times, start, end) : undefined;
      return step;
    },
  };
}

/** The usual step between consecutive rows of one series. */
function calendarStep(times: Float64Array, start: number, end: number): TimeStep | undefined {
  const intervals: (readonly [number, number])[] = [];
  for (let r = start + 1; r < end; r++) intervals.push([times[r - 1]!, times[r]!]);
  return commonStep(intervals)?.step;
}
