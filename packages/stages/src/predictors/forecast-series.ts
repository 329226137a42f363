/** Scaled forecasts of one or more series → the forecast artifact, each series in its own units and time. */
import { invertBlock } from '@seqpipe/core';
import type { Forecast, ForecastPanel, ForecastPoint, PointInterval, Windows } from '@seqpipe/core';
import { overflow } from '../overflow.js';
import type { StepIntervals } from './interval-steps.js';
import { knownRows } from './known-rows.js';

export interface ScaledForecasts {
  /** Series forecast (panel order). */
  readonly series: readonly number[];
  /** Per series: its forecast's first row in the windows' data. */
  readonly first: Int32Array;
  /** [series, steps], model units. */
  readonly scaled: Float64Array;
  readonly steps: number;
  /** Rows differences dropped at the front: model row r is original row r + shift. */
  readonly shift: number;
  readonly padded: number;
  /** From a forecaster with intervals: per level, [series, steps] in original units (NaN where none). */
  readonly intervals?: StepIntervals;
}

export interface ForecastShape {
  /** The data is a panel (series ids are recorded; a single series' forecast keeps today's fields). */
  readonly panel: boolean;
  /** One series was asked for: points only, no panel arrays. */
  readonly one: boolean;
  readonly ids: readonly string[];
}

/**
 * Inverted per series as one block from its first row, so differences integrate across the steps;
 * the truth likewise, for the leading rows the series holds. `points` are the first series' steps.
 */
export function forecastFrom(w: Windows, f: ScaledForecasts, shape: ForecastShape): Forecast {
  const target = w.targetColumns[0]!;
  const column = w.columns[target]!;
  const n = f.series.length;
  const S = f.steps;
  if (n === 0) throw new Error('predictor/next: no series has a test window to forecast; set from: end to forecast past each series\' end');
  const index = new Int32Array(n);
  const value = new Float64Array(n * S);
  const actual = new Float64Array(n * S).fill(NaN);
  const time = w.time ? new Float64Array(n * S).fill(NaN) : undefined;
  let hasActual = false;
  let points: ForecastPoint[] = [];
  for (let j = 0; j < n; j++) {
    const s = f.series[j]!;
    const first = f.first[j]!;
    const known = knownRows(w, s);
    const scaled = f.scaled.subarray(j * S, j * S + S);
    const values = invertBlock(scaled, w.transforms, target, first, s);
    const knownScaled: number[] = [];
    for (let i = 0; i < S && known.target(first + i) !== undefined; i++) knownScaled.push(known.target(first + i)!);
    const actuals = invertBlock(knownScaled, w.transforms, target, first, s);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      const which = shape.panel ? `series "${shape.ids[s]}": ` : '';
      throw overflow('predictor/next', `${which}the forecast's step ${bad + 1} (${scaled[bad]} scaled) is ${values[bad]} in original units`);
    }
    index[j] = first - known.start + f.shift;
    value.set(values, j * S);
    actual.set(actuals, j * S);
    hasActual ||= actuals.length > 0;
    if (time) for (let i = 0; i < S; i++) time[j * S + i] = known.time(first + i) ?? NaN;
    if (j > 0) continue;
    points = Array.from(scaled, (v, i) => {
      const t = known.time(first + i);
      const date = known.date(first + i);
      const a = actuals[i];
      return {
        step: i + 1, index: index[0]! + i, ...(t === undefined ? {} : { time: t }), ...(date === undefined ? {} : { date }),
        value: values[i]!, scaled: v,
        ...(a === undefined ? {} : { actual: a }),
        ...pointIntervals(f.intervals, i),
      };
    });
  }
  // The first series' calendar step: a forecast of one step prints its date at it too (2009, not 2009-01-01).
  const step = w.timeUnit === 'ms-epoch' ? knownRows(w, f.series[0]!).step() : undefined;
  const timeStep = step ? { timeStep: step } : {};
  if (!shape.panel) return { kind: 'forecast', column, points, ...timeStep };
  const series = shape.ids[f.series[0]!]!;
  if (shape.one) return { kind: 'forecast', column, points, series, ...timeStep };
  const panel: ForecastPanel = {
    ids: f.series.map((s) => shape.ids[s]!), steps: S, index, value, scaled: f.scaled,
    ...(hasActual ? { actual } : {}), ...(time ? { time } : {}), ...(w.timeUnit ? { timeUnit: w.timeUnit } : {}), padded: f.padded,
    ...(f.intervals ? { intervals: f.intervals } : {}),
  };
  return { kind: 'forecast', column, points, series, panel, ...timeStep };
}

/** The first series' step i: one interval per level, or nothing (no intervals, or a step past the horizon). */
function pointIntervals(b: StepIntervals | undefined, i: number): { intervals?: PointInterval[] } {
  if (!b || Number.isNaN(b.lower[0]?.[i] ?? NaN)) return {};
  return { intervals: b.levels.map((level, l) => ({ level, lower: b.lower[l]![i]!, upper: b.upper[l]![i]! })) };
}
