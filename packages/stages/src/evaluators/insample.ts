/** MASE's scale per series: the in-sample seasonal-naive MAE over each series' whole training part. */
import { columnRows, invertBlock, rowShift, seriesRanges, windowSeries } from '@seqpipe/core';
import type { DiffTransform, Windows } from '@seqpipe/core';
import { naiveScale } from '../metrics/regression-metrics.js';

/**
 * Original values of series `series`'s rows from its first model row `from` up to model row `end`.
 * Without a difference the model rows map one to one and pointwise transforms are undone; with
 * one, the first difference's record holds every row before it (also the rows the differences
 * dropped: `shift` per series, so the series' input rows start at from + series·shift), in the
 * units of the pointwise transforms before it, which are undone.
 */
function originalRows(w: Windows, column: number, series: number, from: number, end: number): Float64Array {
  const first = w.transforms.findIndex((t) => t.type === 'diff');
  if (first < 0) return Float64Array.from(invertBlock(columnRows(w, column, from, end), w.transforms, column, from, series));
  const shift = rowShift(w.transforms);
  const history = (w.transforms[first] as DiffTransform).history[column]!.slice(from + series * shift, end + (series + 1) * shift);
  return Float64Array.from(invertBlock(history, w.transforms.slice(0, first), column, 0, series));
}

/**
 * Per series (of `train`'s panel) and target: the MASE scale in original units, from every row of
 * the series up to the last target row of its last training window or its first `scored` target,
 * whichever is later — the whole in-sample part before the forecast, as the M4 scales it,
 * including the first lookback rows no window predicts and the validation rows before a test
 * part. Undefined where no pair of rows `period` apart exists or the rows are constant (naiveScale).
 */
export function insampleScales(train: Windows, scored: Windows, period: number): (number | undefined)[][] {
  const { offsets } = seriesRanges(train, train.rows);
  const S = offsets.length - 1;
  const end = new Float64Array(S).fill(-1);
  const trainSeries = windowSeries(train);
  for (let k = 0; k < train.count; k++) end[trainSeries[k]!] = Math.max(end[trainSeries[k]!]!, train.index[k]! + train.horizon);
  const fallback = new Float64Array(S).fill(Infinity);
  const scoredSeries = windowSeries(scored);
  for (let k = 0; k < scored.count; k++) fallback[scoredSeries[k]!] = Math.min(fallback[scoredSeries[k]!]!, scored.index[k]!);
  return Array.from({ length: S }, (_, s) => {
    // Rows a validation part or a gap holds before the scored origin are known at forecast time
    // too: the M4 scales by everything before the forecast.
    const stop = Math.max(end[s]!, Number.isFinite(fallback[s]!) ? fallback[s]! : -1);
    if (stop < 0) return train.targetColumns.map(() => undefined);
    return train.targetColumns.map((c) => naiveScale(originalRows(train, c, s, offsets[s]!, stop), period));
  });
}
