import type { Split, Windows } from '@seqpipe/core';

/** What a split knows about its series' rows: the first target's scaled value and the time axis. */
export interface KnownRows {
  /** Scaled value of the first target column at a row, when some window or the tail holds it. */
  target(row: number): number | undefined;
  /** Time at a row: known, or extrapolated with the last known spacing; undefined without a time axis. */
  time(row: number): number | undefined;
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
  return {
    target: (row) => values.get(row),
    time(row) {
      const known = times.get(row);
      if (known !== undefined || i1 === undefined || i0 === undefined) return known;
      return t1! + ((row - i1) * (t1! - t0!)) / (i1 - i0);
    },
  };
}
