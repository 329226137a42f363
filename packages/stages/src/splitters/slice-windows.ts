import type { Windows } from '@seqpipe/core';

/** Windows [from, from + n) as an independent Windows (copied buffers; same columns, tail, transforms). */
export function sliceWindows(w: Windows, from: number, n: number): Windows {
  const xs = w.lookback * w.columns.length;
  const ys = w.horizon * w.targetColumns.length;
  return {
    ...w,
    count: n,
    x: w.x.slice(from * xs, (from + n) * xs),
    y: w.y.slice(from * ys, (from + n) * ys),
    index: w.index.slice(from, from + n),
    ...(w.time ? { time: w.time.slice(from, from + n) } : {}),
  };
}
