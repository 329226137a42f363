/**
 * `runs/<id>/models/<stage>/transforms.json`: what a user needs, beside model.json + weights.bin,
 * to feed the model new data in original units without seqpipe. Transforms apply in order
 * (scaled = original × scale + offset, per column); undo them last to first.
 */
import type { Split, Transform, Windows } from '../artifacts/kinds.js';

export const TRANSFORMS_FORMAT = 'seqpipe-transforms/1';

export interface TransformsFile {
  readonly format: typeof TRANSFORMS_FORMAT;
  /** The model's input features, in order: x is [windows, lookback, columns.length]. */
  readonly columns: readonly string[];
  /** The predicted column(s): y is [windows, horizon, targets.length]. */
  readonly targets: readonly string[];
  readonly lookback: number;
  readonly horizon: number;
  /** Indexed like `columns`. */
  readonly transforms: readonly Transform[];
}

export function transformsFile(data: Split | Windows): TransformsFile {
  const w = data.kind === 'split' ? data.train : data;
  return {
    format: TRANSFORMS_FORMAT,
    columns: w.columns,
    targets: w.targetColumns.map((i) => w.columns[i]!),
    lookback: w.lookback,
    horizon: w.horizon,
    transforms: w.transforms,
  };
}
