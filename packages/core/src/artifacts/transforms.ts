/**
 * Mapping values between model units and original units through a series' recorded transforms
 * (applied first to last; undone last to first). Affine and log transforms are pointwise; a
 * difference needs the values before each row, which its record keeps (see DiffTransform).
 */
import type { AffineTransform, Transform } from './kinds.js';

/** An affine transform's scale and offset for one column of one series (per-series when fitted on a panel). */
export function affineAt(t: AffineTransform, column: number, series: number): { scale: number; offset: number } {
  const i = t.seriesCount === undefined ? column : series * (t.scale.length / t.seriesCount) + column;
  return { scale: t.scale[i]!, offset: t.offset[i]! };
}

/** Rows dropped at the front of each series by differences: model row r of a series is its original row r + rowShift. */
export function rowShift(transforms: readonly Transform[]): number {
  return transforms.reduce((n, t) => n + (t.type === 'diff' ? t.lag : 0), 0);
}

/**
 * Model units → original units for one column, for `values` at consecutive model rows starting at
 * `row` (a forecast block: the window's horizon, or a recursive forecast). Differences are
 * integrated: the first `lag` values onto the known input rows before the block, later ones onto
 * the block's own reconstructed values — so a multi-step forecast integrates its differences back.
 */
export function invertBlock(values: ArrayLike<number>, transforms: readonly Transform[], column: number, row: number, series = 0): number[] {
  let v = Array.from(values);
  let r = row;
  for (let i = transforms.length - 1; i >= 0; i--) {
    const t = transforms[i]!;
    if (t.type === 'affine') {
      const { scale, offset } = affineAt(t, column, series);
      v = v.map((x) => (x - offset) / scale);
    } else if (t.type === 'log') {
      v = v.map((x) => Math.exp(x) - t.offset);
    } else {
      const history = t.history[column]!;
      const out: number[] = [];
      // On a panel every series lost its first `lag` rows: output row r of series s is input row
      // r + (s + 1)·lag, and its base is input row r + s·lag (a single series is s = 0).
      const before = r + series * t.lag;
      for (let k = 0; k < v.length; k++) {
        const base = k < t.lag ? history[before + k] : out[k - t.lag];
        if (base === undefined) throw new Error(`cannot undo a difference at row ${r + k}: the value before it is unknown`);
        out.push(v[k]! + base);
      }
      v = out;
      r = before + t.lag;
    }
  }
  return v;
}

/** Original units → model units for one value of a column, for pointwise transforms only. */
export function applyTransforms(value: number, transforms: readonly Transform[], column: number, series = 0): number {
  let v = value;
  for (const t of transforms) {
    if (t.type === 'affine') {
      const { scale, offset } = affineAt(t, column, series);
      v = v * scale + offset;
    }
    else if (t.type === 'log') v = Math.log(v + t.offset);
    else throw new Error('applyTransforms: a difference is not pointwise');
  }
  return v;
}

/** Model units → original units for one value, when every transform is pointwise. */
export function invertTransforms(value: number, transforms: readonly Transform[], column: number, series = 0): number {
  if (transforms.some((t) => t.type === 'diff')) throw new Error('invertTransforms: a difference needs invertBlock and the row');
  return invertBlock([value], transforms, column, 0, series)[0]!;
}

/** Keeps only the chosen columns of each transform, so they stay indexed like the chosen columns. */
export function selectTransformColumns(transforms: readonly Transform[], cols: readonly number[]): Transform[] {
  return transforms.map((t): Transform => {
    if (t.type === 'affine') {
      const n = t.seriesCount ?? 1;
      const width = t.scale.length / n;
      const pick = (a: readonly number[]): number[] => Array.from({ length: n }, (_, s) => cols.map((c) => a[s * width + c]!)).flat();
      return { ...t, scale: pick(t.scale), offset: pick(t.offset) };
    }
    if (t.type === 'diff') return { ...t, history: cols.map((c) => t.history[c]!) };
    return t;
  });
}
