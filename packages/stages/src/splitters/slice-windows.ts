/**
 * Splitters cut parts per series of a panel: each series' windows (the windower emits them series
 * by series, in time order) are split on their own, so every series has a train and a test part,
 * folds align at each series' end, and a panel of one splits exactly as a single series does.
 */
import { sliceWindows, windowsAt, windowSeries } from '@seqpipe/core';
import type { Windows } from '@seqpipe/core';

export { sliceWindows };

/** Window ranges [start, end) of each series, in series order (series without windows left out). */
export function seriesBlocks(w: Windows): { series: number; start: number; end: number }[] {
  const of = windowSeries(w);
  const out: { series: number; start: number; end: number }[] = [];
  for (let k = 0; k < w.count; k++) {
    const last = out.at(-1);
    if (last && last.series === of[k]) last.end = k + 1;
    else out.push({ series: of[k]!, start: k, end: k + 1 });
  }
  return out;
}

/** Per series block, the window range [from, from + n) it contributes (relative to the block), gathered into one part. */
export function pickPerSeries(w: Windows, blocks: readonly { start: number; end: number }[], range: (count: number) => { from: number; n: number }): Windows {
  const picks: number[] = [];
  for (const b of blocks) {
    const { from, n } = range(b.end - b.start);
    const lo = Math.max(0, from);
    const hi = Math.min(b.end - b.start, from + n);
    for (let k = lo; k < hi; k++) picks.push(w.index[b.start + k]!);
  }
  return windowsAt(w, Int32Array.from(picks));
}
