/**
 * A window's series history in ORIGINAL units, and a forecast made there back in model units, for
 * forecasters that fit on the whole history before each window (the statistical benchmarks): their
 * seasonality test and multiplicative adjustment only make sense on the data as recorded.
 * Affine and log transforms are pointwise (per series when fitted on a panel). A difference is
 * undone per series: its record keeps every row before the first model row.
 */
import { applyTransforms, columnRows, invertBlock } from '@seqpipe/core';
import type { Transform, Windows } from '@seqpipe/core';

export interface SeriesHistory {
  /** The history in original units, oldest first. */
  readonly values: Float64Array;
  /** Maps forecasts (original units) for the rows right after the history to model units. */
  toModel(forecast: Float64Array): Float64Array;
}


/**
 * Series `s`'s target column `col` over model rows [start, end) (start = the series' first row,
 * end = the window's first target row) in original units.
 */
export function historyOf(w: Windows, col: number, s: number, start: number, end: number): SeriesHistory {
  const model = columnRows(w, col, start, end);
  const first = w.transforms.findIndex((t) => t.type === 'diff');
  if (first < 0) {
    const values = Float64Array.from(invertBlock(model, w.transforms, col, start, s));
    return { values, toModel: (f) => f.map((v) => applyTransforms(v, w.transforms, col, s)) };
  }
  return differencedHistory(w.transforms, first, col, s, start, end);
}

/**
 * Series `s` (model rows [start, end)) with differences: each series lost `shift` rows at its
 * front, so its rows in the first difference's input (its record, which holds every row) start at
 * start + s·shift, and model row end is input row end + (s + 1)·shift. Original rows up to the
 * first target are those inputs, undone through the pointwise transforms before the difference:
 * nothing after the forecast origin is read. Forecasts go forward through every transform with the
 * `shift` rows before them as the differences' bases.
 */
function differencedHistory(transforms: readonly Transform[], first: number, col: number, s: number, start: number, end: number): SeriesHistory {
  const shift = transforms.reduce((n, t) => n + (t.type === 'diff' ? t.lag : 0), 0);
  const before = transforms.slice(0, first);
  const input = (transforms[first] as Extract<Transform, { type: 'diff' }>).history[col]!;
  const values = Float64Array.from(invertBlock(input.slice(start + s * shift, end + (s + 1) * shift), before, col, 0, s));
  const toModel = (f: Float64Array): Float64Array => {
    let v = [...values.subarray(values.length - shift), ...f];
    for (const t of transforms) {
      if (t.type === 'diff') v = v.slice(t.lag).map((x, i) => x - v[i]!);
      else v = v.map((x) => applyTransforms(x, [t], col, s));
    }
    return Float64Array.from(v);
  };
  return { values, toModel };
}
