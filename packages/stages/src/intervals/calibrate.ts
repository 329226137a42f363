/**
 * The conformal table: per series, level, horizon step and target, the half-width of the interval
 * around the point forecast in original units, from the calibration residuals |y − ŷ|.
 *
 * `pooled` (normalized conformal): each series' residuals are divided by its in-sample scale (the
 * seasonal-naive MAE MASE divides by), pooled over series per step and target, and the quantile is
 * multiplied back by each series' scale. Series then need not have many calibration windows each
 * (an M4 holdout gives one per series); the pooled residuals must be exchangeable once scaled.
 * `series`: a series with enough windows for every level uses its own residuals' quantile; the
 * others use the pooled one.
 */
import { messages, SeqpipeError } from '@seqpipe/core';
import { conformalQuantile, minCalibration } from './conformal-quantile.js';

export type ConformalScope = 'pooled' | 'series';

export interface ConformalTable {
  /** Ascending, percent. */
  readonly levels: readonly number[];
  readonly horizon: number;
  readonly targets: number;
  readonly scope: ConformalScope;
  /** The calibrated panel's series, in its order (a single series: one id). */
  readonly ids: readonly string[];
  /** [levels, horizon, targets]: the pooled quantile of residual / scale; NaN where not computed. */
  readonly pooled: Float64Array;
  /** [series, targets]: each series' in-sample scale in original units; NaN where it has none. */
  readonly scales: Float64Array;
  /** Series (indices into `ids`) with widths of their own, ascending. */
  readonly ownSeries: Int32Array;
  /** [ownSeries, levels, horizon, targets] in original units. */
  readonly own: Float64Array;
}

export interface CalibrationData {
  /** Point forecasts and actual values of the calibration windows, [count, horizon, targets], original units. */
  readonly predicted: Float64Array;
  readonly actual: Float64Array;
  /** Each window's series (index into ids). */
  readonly series: Int32Array;
  readonly ids: readonly string[];
  readonly horizon: number;
  readonly targets: number;
  /** Per series and target (undefined: no scale, as insampleScales gives). */
  readonly scales: readonly (readonly (number | undefined)[])[];
}

export interface Calibration {
  readonly table: ConformalTable;
  /** Calibration residuals per step in the pooled quantile (the fewest over steps and targets). */
  readonly pooledCount: number;
  /** Series without a scale that fell back to their own largest residual (too few for the level). */
  readonly unscaledShort: number;
}

export function calibrate(d: CalibrationData, levels: readonly number[], scope: ConformalScope, part: string): Calibration {
  const { horizon: H, targets: T } = d;
  const L = levels.length;
  const S = d.ids.length;
  const count = d.series.length;
  const need = Math.max(...levels.map(minCalibration));
  const windowsOf: number[][] = Array.from({ length: S }, () => []);
  for (let k = 0; k < count; k++) windowsOf[d.series[k]!]!.push(k);
  const scales = new Float64Array(S * T).fill(Number.NaN);
  for (let s = 0; s < S; s++) for (let t = 0; t < T; t++) scales[s * T + t] = d.scales[s]?.[t] ?? Number.NaN;
  const scaled = (s: number): boolean => Array.from({ length: T }, (_, t) => scales[s * T + t]!).every((v) => v > 0);
  const residual = (k: number, h: number, t: number): number => Math.abs(d.actual[(k * H + h) * T + t]! - d.predicted[(k * H + h) * T + t]!);

  // Own widths: enough windows (scope series), or no scale to pool with (the largest residual when too few).
  const own: number[] = [];
  let unscaledShort = 0;
  for (let s = 0; s < S; s++) {
    const n = windowsOf[s]!.length;
    if (n === 0) continue;
    if ((scope === 'series' && n >= need) || !scaled(s)) {
      own.push(s);
      if (n < need) unscaledShort++;
    }
  }
  const ownSeries = Int32Array.from(own);
  const ownWidths = new Float64Array(own.length * L * H * T);
  own.forEach((s, i) => {
    const ks = windowsOf[s]!;
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < T; t++) {
        const r = ks.map((k) => residual(k, h, t));
        for (let l = 0; l < L; l++) ownWidths[((i * L + l) * H + h) * T + t] = conformalQuantile(r, levels[l]!) ?? Math.max(...r);
      }
    }
  });

  // Pooled over every scaled series' windows, each residual in units of its series' scale.
  const ownSet = new Set(own);
  const needsPooled = Array.from({ length: S }, (_, s) => s).some((s) => !ownSet.has(s) && scaled(s));
  const pooled = new Float64Array(L * H * T).fill(Number.NaN);
  let pooledCount = Number.POSITIVE_INFINITY;
  for (let h = 0; h < H; h++) {
    for (let t = 0; t < T; t++) {
      const r: number[] = [];
      for (let k = 0; k < count; k++) {
        const scale = scales[d.series[k]! * T + t]!;
        if (scale > 0) r.push(residual(k, h, t) / scale);
      }
      pooledCount = Math.min(pooledCount, r.length);
      if (needsPooled && r.length < need) {
        const level = levels.find((l) => minCalibration(l) > r.length)!;
        throw new SeqpipeError('E_CONFORMAL_TOO_FEW', messages.E_CONFORMAL_TOO_FEW(level, minCalibration(level), r.length, part), { exitCode: 1 });
      }
      for (let l = 0; l < L; l++) pooled[(l * H + h) * T + t] = conformalQuantile(r, levels[l]!) ?? Number.NaN;
    }
  }
  return {
    table: { levels: [...levels], horizon: H, targets: T, scope, ids: [...d.ids], pooled, scales, ownSeries, own: ownWidths },
    pooledCount: Number.isFinite(pooledCount) ? pooledCount : 0,
    unscaledShort,
  };
}

/** Half-widths for series s, [levels, horizon, targets] in original units (NaN where the table has none). */
export function seriesWidths(table: ConformalTable, s: number, ownIndex: ReadonlyMap<number, number>): Float64Array {
  const { horizon: H, targets: T } = table;
  const L = table.levels.length;
  const size = L * H * T;
  const i = ownIndex.get(s);
  if (i !== undefined) return table.own.slice(i * size, (i + 1) * size);
  const out = new Float64Array(size);
  for (let l = 0; l < L; l++) {
    for (let h = 0; h < H; h++) for (let t = 0; t < T; t++) out[(l * H + h) * T + t] = table.pooled[(l * H + h) * T + t]! * table.scales[s * T + t]!;
  }
  return out;
}
