/**
 * What every linear scaler shares: the fit range (training rows by default, see fit-range.ts), the
 * leak checks, and applying and recording the fitted affine transform per column.
 */
import { affineAt, defineStage, seriesRanges } from '@seqpipe/core';
import type { AffineTransform, JsonObject, Series, StageDefinition, StageIssue } from '@seqpipe/core';
import { overflow } from '../overflow.js';
import { fitIssues, fitParamsSchema, fitRange, type FitParams, type RowRange } from './fit-range.js';

/** Column c's values in rows [from, to), NaNs dropped. */
export function columnValues(series: Series, c: number, { from, to }: RowRange): number[] {
  const cols = series.columns.length;
  const out: number[] = [];
  for (let r = from; r < to; r++) {
    const v = series.values[r * cols + c]!;
    if (!Number.isNaN(v)) out.push(v);
  }
  return out;
}

export interface ScalerSpec<P extends FitParams> {
  readonly uses: `scaler/${string}`;
  readonly version: string;
  readonly description: string;
  readonly params: Record<string, JsonObject>;
  /** Scale and offset of one column from its fitted values (never empty). */
  fitColumn(values: readonly number[], params: P): { scale: number; offset: number };
  check?(params: P): StageIssue[];
}

export function defineScaler<P extends FitParams>(spec: ScalerSpec<P>): StageDefinition<P, { series: 'series' }, 'series'> {
  /** Scale and offset of every column, fitted on rows `range` of the series starting at `start` (`who` names it in errors). */
  const fitRows = (series: Series, params: P, start: number, range: RowRange, who: string): { scale: number[]; offset: number[] } => {
    const scale: number[] = [];
    const offset: number[] = [];
    const rows = { from: start + range.from, to: start + range.to };
    series.columns.forEach((name, c) => {
      const values = columnValues(series, c, rows);
      if (!values.length) throw new Error(`${spec.uses}: column "${name}"${who} has no numeric values in rows ${range.from}–${range.to - 1}`);
      const f = spec.fitColumn(values, params);
      // ±1.7e308: max − min (or a sum, a spread) leaves float64 and the fit degenerates (scale 0 or NaN).
      if (!(Number.isFinite(f.scale) && f.scale !== 0 && Number.isFinite(f.offset))) {
        const [lo, hi] = values.reduce(([a, b], v) => [Math.min(a, v), Math.max(b, v)], [Infinity, -Infinity]);
        throw overflow(spec.uses, `fitting column "${name}"${who} on values from ${lo} to ${hi} overflowed (scale ${f.scale}, offset ${f.offset})`);
      }
      scale.push(f.scale);
      offset.push(f.offset);
    });
    return { scale, offset };
  };
  /** One fit per series of a panel, each on its own training rows; a single series records per column as before. */
  const fit = (series: Series, params: P): AffineTransform => {
    const { ids, offsets } = seriesRanges(series, series.length);
    if (!series.ids) {
      return { type: 'affine', by: spec.uses, ...fitRows(series, params, 0, fitRange(spec.uses, series.length, params), '') };
    }
    const scale: number[] = [];
    const offset: number[] = [];
    for (let s = 0; s < ids.length; s++) {
      const length = offsets[s + 1]! - offsets[s]!;
      const f = fitRows(series, params, offsets[s]!, fitRange(spec.uses, length, params), ` of series "${ids[s]}"`);
      scale.push(...f.scale);
      offset.push(...f.offset);
    }
    return { type: 'affine', by: spec.uses, scale, offset, seriesCount: ids.length };
  };
  return defineStage({
    uses: spec.uses,
    version: spec.version,
    description: spec.description,
    params: { type: 'object', additionalProperties: false, properties: { ...spec.params, ...fitParamsSchema } },
    inputs: { series: 'series' },
    output: 'series',
    fitsOnTrain: true,
    check(params: P, inputs) {
      const issues = [...(spec.check?.(params) ?? []), ...fitIssues(spec.uses, params, inputs.series?.length)];
      return { ...(inputs.series ? { facts: inputs.series } : {}), issues };
    },
    async run(_ctx, { series }, params: P): Promise<Series> {
      const t = fit(series, params);
      const cols = series.columns.length;
      const values = new Float64Array(series.values.length);
      const { offsets } = seriesRanges(series, series.length);
      for (let i = 0, s = 0; i < values.length; i++) {
        while (i >= offsets[s + 1]! * cols) s++;
        const { scale, offset } = affineAt(t, i % cols, s);
        values[i] = series.values[i]! * scale + offset;
        // A row outside the fit rows can scale past float64 (fitted on tiny values, then a huge one).
        if (!Number.isFinite(values[i]!) && Number.isFinite(series.values[i]!)) {
          throw overflow(spec.uses, `column "${series.columns[i % cols]}" at row ${Math.floor(i / cols)}: ${series.values[i]} scaled to ${values[i]}`);
        }
      }
      return { ...series, values, transforms: [...series.transforms, t] };
    },
  });
}
