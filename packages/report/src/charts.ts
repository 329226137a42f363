/** The report's charts as Vega-Lite specs (rendered to SVG by render-svg.ts). */
import type { JsonValue } from '@seqpipe/core';
import { bandLayers, bandsAt, bandsNote, withBands, type Band } from './bands.js';
import type { ChartSpec } from './render-svg.js';
import type { EpochLoss, Evaluation } from './report-data.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const SIZE = { width: 640, height: 260 } as const;
type Row = Record<string, JsonValue>;

/** Training and validation loss per epoch; log scale, since losses fall by orders of magnitude. */
export function lossChart(histories: Readonly<Record<string, readonly EpochLoss[]>>, label: (trainer: string) => string = (t) => t): ChartSpec | undefined {
  const rows: Row[] = [];
  const several = Object.keys(histories).length > 1;
  for (const [trainer, history] of Object.entries(histories)) {
    const prefix = several ? `${label(trainer)} ` : '';
    for (const h of history) {
      if (h.loss !== null && h.loss > 0) rows.push({ epoch: h.epoch, loss: h.loss, series: `${prefix}training` });
      if (h.valLoss != null && h.valLoss > 0) rows.push({ epoch: h.epoch, loss: h.valLoss, series: `${prefix}validation` });
    }
  }
  if (!rows.length) return undefined;
  return {
    $schema: SCHEMA, ...SIZE, title: 'Loss per epoch', data: { values: rows },
    mark: { type: 'line', point: rows.length <= 120 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field: 'loss', type: 'quantitative', title: 'loss (scaled units, log scale)', scale: { type: 'log' }, axis: { tickCount: 6, format: '.1e' } },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'top', labelLimit: 400 } },
    },
  };
}

/** Above this many points a line is drawn from each span's extremes: vega draws it in seconds, not minutes. */
const MAX_LINE_POINTS = 4000;
const BUCKETS = 1000;

/**
 * The indices of `values` to draw: all of them, or for a long line the lowest and highest of each
 * of BUCKETS equal spans, in order, so every peak and trough still shows.
 */
export function drawn(values: readonly number[]): number[] {
  const n = values.length;
  if (n <= MAX_LINE_POINTS) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let b = 0; b < BUCKETS; b++) {
    const from = Math.floor((b * n) / BUCKETS);
    const to = Math.floor(((b + 1) * n) / BUCKETS);
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      if (values[i]! < values[lo]!) lo = i;
      if (values[i]! > values[hi]!) hi = i;
    }
    out.push(...(lo === hi ? [lo] : lo < hi ? [lo, hi] : [hi, lo]));
  }
  return out;
}

/** Actual values over time against each evaluator's predictions (original units). */
export function predictionsChart(evaluations: readonly Evaluation[]): ChartSpec | undefined {
  const withSeries = evaluations.filter((e) => e.predictions?.actual.length);
  if (!withSeries.length) return undefined;
  const first = withSeries[0]!.predictions!;
  const x = (p: NonNullable<Evaluation['predictions']>, i: number): number => p.time?.[i] ?? p.index[i]!;
  const dated = first.time !== undefined && first.timeUnit === 'ms-epoch';
  const rows: Row[] = drawn(first.actual).map((i) => ({ x: x(first, i), value: first.actual[i]!, series: 'actual' }));
  const bands: object[] = [];
  const levels: number[] = [];
  for (const e of withSeries) {
    const p = e.predictions!;
    const series = `predicted by ${e.forecaster ?? e.stage} (${e.stage})`;
    const at = drawn(p.predicted);
    for (const i of at) rows.push({ x: x(p, i), value: p.predicted[i]!, series });
    // An evaluator of a forecaster with intervals: its bands in its line's colour.
    if (p.intervals) {
      bands.push(...bandLayers(bandsAt(p.intervals.levels, p.intervals.lower, p.intervals.upper, (i) => x(p, i), at), { series }, xAxis(first.time !== undefined, dated)));
      levels.push(...p.intervals.levels);
    }
  }
  const n = first.actual.length;
  const thinned = n > MAX_LINE_POINTS ? `; ${n.toLocaleString('en-US')} points drawn as each of ${BUCKETS} spans' lowest and highest` : '';
  return withBands({
    $schema: SCHEMA, ...SIZE, title: `Predictions against actual values (${withSeries[0]!.part ?? 'test'} part, original units${thinned}${bandsNote(levels)})`,
    data: { values: rows }, mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: xAxis(first.time !== undefined, dated),
      y: { field: 'value', type: 'quantitative', title: 'value', scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'top', labelLimit: 400 } },
      strokeDash: { condition: { test: "datum.series === 'actual'", value: [1, 0] }, value: [5, 3] },
    },
  }, bands);
}

export interface ForecastPointLike {
  readonly step: number;
  readonly index: number;
  readonly time?: number;
  /** ISO date, for dated series. */
  readonly date?: string;
  readonly value: number;
  readonly actual?: number;
  /** From a forecaster with intervals: per level, ascending (original units). */
  readonly intervals?: readonly { readonly level: number; readonly lower: number; readonly upper: number }[];
}

/** The forecast past the data (and the true values where known), after the last test values. */
export function forecastChart(predictor: string, points: readonly ForecastPointLike[], context?: Evaluation['predictions']): ChartSpec | undefined {
  if (!points.length) return undefined;
  const rows: Row[] = [];
  if (context) {
    const from = Math.max(0, context.actual.length - 40);
    for (let i = from; i < context.actual.length; i++) rows.push({ x: context.time?.[i] ?? context.index[i]!, value: context.actual[i]!, series: 'actual (last test rows)' });
  }
  const useTime = points.every((p) => p.time !== undefined) && (!context || context.time !== undefined);
  const dated = useTime && points.every((p) => p.date !== undefined);
  for (const p of points) {
    rows.push({ x: useTime ? p.time! : p.index, value: p.value, series: `forecast (${predictor})` });
    if (p.actual !== undefined) rows.push({ x: useTime ? p.time! : p.index, value: p.actual, series: 'actual (forecast rows)' });
  }
  const bands = pointBands(points, (p) => (useTime ? p.time! : p.index));
  return withBands({
    $schema: SCHEMA, ...SIZE, title: `Forecast: ${predictor} (original units${bandsNote(bands.map((b) => b.level))})`, data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: xAxis(useTime, dated),
      y: { field: 'value', type: 'quantitative', title: 'value', scale: { zero: false } },
      // Actual values in blues, the forecast in red, whatever order the series come in.
      color: {
        field: 'series', type: 'nominal', title: null, legend: { orient: 'top', labelLimit: 400 },
        scale: colors(rows, { 'actual (last test rows)': '#4c78a8', 'actual (forecast rows)': '#9ecae9', [`forecast (${predictor})`]: '#e45756' }),
      },
    },
  }, bandLayers(bands, { value: '#e45756' }, xAxis(useTime, dated)));
}

/** A forecast's intervals as bands, one per level, over the steps that have one (not those fed back past the horizon). */
function pointBands(points: readonly ForecastPointLike[], x: (p: ForecastPointLike) => number): Band[] {
  const levels = [...new Set(points.flatMap((p) => (p.intervals ?? []).map((b) => b.level)))];
  return levels.map((level) => {
    const at = points.flatMap((p) => {
      const b = p.intervals?.find((i) => i.level === level);
      return b ? [{ x: x(p), lower: b.lower, upper: b.upper }] : [];
    });
    return { level, x: at.map((a) => a.x), lower: at.map((a) => a.lower), upper: at.map((a) => a.upper) };
  });
}

/** A fixed colour per series, listing only the series present (so the legend has no empty entries). */
function colors(rows: readonly Row[], palette: Readonly<Record<string, string>>) {
  const present = Object.keys(palette).filter((name) => rows.some((r) => r.series === name));
  return { domain: present, range: present.map((name) => palette[name]!) };
}

/** Dates (UTC epoch ms) on a UTC time axis; other time axes and row numbers as plain numbers. */
function xAxis(time: boolean, dated: boolean) {
  if (dated) return { field: 'x', type: 'temporal', title: 'date', scale: { type: 'utc' } } as const;
  return { field: 'x', type: 'quantitative', title: time ? 'time' : 'row', scale: { zero: false } } as const;
}

/** One bar per run for a metric (comparison reports). */
export function metricBars(metric: string, bars: readonly { run: string; value: number }[]): ChartSpec | undefined {
  if (!bars.length) return undefined;
  return {
    $schema: SCHEMA, width: 640, height: Math.max(60, 22 * bars.length), title: metric,
    data: { values: bars.map((b) => ({ run: b.run, value: b.value })) },
    mark: 'bar',
    encoding: {
      y: { field: 'run', type: 'nominal', title: null, sort: null, axis: { labelLimit: 300 } },
      x: { field: 'value', type: 'quantitative', title: metric },
    },
  };
}
