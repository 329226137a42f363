/**
 * A window's series history in ORIGINAL units, and a forecast made there back in model units, for
 * forecasters that fit on the whole history before each window (the statistical benchmarks): their
 * seasonality test and multiplicative adjustment only make sense on the data as recorded.
 * Affine and log transforms are pointwise (per series when fitted on a panel). A difference is
 * supported on a single series: its record keeps the rows before the first model row.
 */
import { applyTransforms, columnRows, invertBlock, messages, SeqpipeError } from '@seqpipe/core';
import type { Transform, Windows } from '@seqpipe/core';

export interface SeriesHistory {
  /** The history in original units, oldest first. */
  readonly values: Float64Array;
  /** Maps forecasts (original units) for the rows right after the history to model units. */
  toModel(forecast: Float64Array): Float64Array;
}

/** Refuses what `historyOf` cannot map: a difference on a panel of several series. */
export function checkTransforms(uses: string, w: Windows): void {
  const series = w.ids?.length ?? 1;
  if (series > 1 && w.transforms.some((t) => t.type === 'diff')) {
    throw new SeqpipeError('E_PANEL_UNSUPPORTED', messages.E_PANEL_UNSUPPORTED(uses, `its windows carry a difference (transform/diff) and hold ${series} series; leave the difference out (this baseline models trend and season itself)`), { exitCode: 1 });
  }
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
  return differencedHistory(w.transforms, first, col, end);
}

/**
 * A single series with differences: model row r is original row r + shift. The input of the first
 * difference holds every row (its record), so original rows [0, end + shift) are those inputs
 * before the first target, undone through the pointwise transforms before it: nothing after the
 * forecast origin is read. Forecasts go forward through every transform with the `shift` rows
 * before them as the differences' bases.
 */
function differencedHistory(transforms: readonly Transform[], first: number, col: number, end: number): SeriesHistory {
  const shift = transforms.reduce((n, t) => n + (t.type === 'diff' ? t.lag : 0), 0);
  const before = transforms.slice(0, first);
  const input = (transforms[first] as Extract<Transform, { type: 'diff' }>).history[col]!;
  const values = Float64Array.from(invertBlock(input.slice(0, end + shift), before, col, 0));
  const toModel = (f: Float64Array): Float64Array => {
    let v = [...values.subarray(values.length - shift), ...f];
    for (const t of transforms) {
      if (t.type === 'diff') v = v.slice(t.lag).map((x, i) => x - v[i]!);
      else v = v.map((x) => applyTransforms(x, [t], col));
    }
    return Float64Array.from(v);
  };
  return { values, toModel };
}
