/**
 * The artifact kinds that flow between stages. Each kind is an immutable value; its codec
 * (see codec.ts) turns it into bytes for the content store. Third-party plugins may add kinds
 * by declaration merging on `ArtifactKinds` and registering a codec.
 */
import type { JsonObject } from '../json.js';
import type { ModelSpec } from './model-spec.js';
import type { TimeStep } from './time-axis.js';

/**
 * A transform applied to a series, remembered so later stages can map values back to original
 * units. Linear scalers record themselves as affine: scaled = original * scale + offset.
 */
export interface AffineTransform {
  readonly type: 'affine';
  /** The plugin that produced it, e.g. 'scaler/minmax'. */
  readonly by: string;
  /** Per column; with `seriesCount`, per series then column: scale[s * columns + c]. */
  readonly scale: readonly number[];
  readonly offset: readonly number[];
  /** Present when fitted per series of a panel: how many series `scale` and `offset` hold. */
  readonly seriesCount?: number;
}
/** Pointwise: transformed = ln(original + offset). Needs original > −offset. */
export interface LogTransform {
  readonly type: 'log';
  readonly by: string;
  readonly offset: number;
}
/**
 * Lagged difference: transformed row r = input[r + lag] − input[r]; the first `lag` input rows
 * have no difference and are dropped, so row r of the output is row r + lag of the input.
 * Inverting needs the input values before each predicted row, so the record keeps the whole input
 * (per column): a prediction for output row r is integrated onto input[r] (known, before the
 * forecast origin) or onto an earlier prediction when forecasting more than `lag` steps ahead.
 */
export interface DiffTransform {
  readonly type: 'diff';
  readonly by: string;
  readonly lag: number;
  /** Per column: the input series' values (in the units before this difference). */
  readonly history: readonly (readonly number[])[];
}
export type Transform = AffineTransform | LogTransform | DiffTransform;

/**
 * The series of a panel: their ids and the row each starts at (`offsets` has one entry per id
 * plus the total row count). Absent on an artifact that holds a single series.
 */
export interface Panel {
  readonly ids?: readonly string[];
  readonly offsets?: Int32Array;
}

/**
 * A (multi-column) time series, row-major: values[row * columns.length + col]. A panel stacks
 * several series row-wise, each in time order; `ids` and `offsets` say where each starts.
 */
export interface Series extends Panel {
  readonly kind: 'series';
  readonly columns: readonly string[];
  readonly length: number;
  readonly values: Float64Array;
  /** Optional time axis (e.g. the sine's x, or epoch milliseconds for dated rows); increasing within each series. */
  readonly time?: Float64Array;
  /** 'ms-epoch' when `time` holds dates (UTC epoch milliseconds); absent for a plain numeric axis. */
  readonly timeUnit?: TimeUnit;
  readonly transforms: readonly Transform[];
}

/** What a time axis counts: dates as UTC epoch milliseconds. Absent means plain numbers. */
export type TimeUnit = 'ms-epoch';

/**
 * Supervised windows as positions in a series (or panel): window k reads input rows
 * [index[k] − lookback, index[k]) and predicts target rows [index[k], index[k] + horizon) of
 * `data`, all within one series. Input rows before its series' first row read that first row (the
 * padding rule for series shorter than the lookback). Batches are cut from `data` when a stage
 * needs them (`gatherX`, `gatherY` in windows.ts), so windows cost O(rows), not O(rows × lookback).
 * `data` holds every row of the series, including rows of other parts of a split: a stage reads
 * only its windows' rows (and, for forecasters, each window's history before its first target).
 */
export interface Windows extends Panel {
  readonly kind: 'windows';
  readonly columns: readonly string[];
  /** Indices into `columns` of the columns being predicted. */
  readonly targetColumns: readonly number[];
  readonly lookback: number;
  readonly horizon: number;
  readonly count: number;
  /** The windowed series in model units, [rows, columns.length] row-major. */
  readonly data: Float64Array;
  /** Rows in `data`. */
  readonly rows: number;
  /** Row (in `data`) of the first step each window predicts. */
  readonly index: Int32Array;
  /** Time of each row of `data`, when the series has a time axis. */
  readonly time?: Float64Array;
  /** Copied from the series: 'ms-epoch' when `time` holds dates. */
  readonly timeUnit?: TimeUnit;
  readonly transforms: readonly Transform[];
}

/** A chronological split of windows. */
export interface Split {
  readonly kind: 'split';
  readonly train: Windows;
  readonly validation?: Windows;
  readonly test: Windows;
}

export type CellType = 'simpleRNN' | 'gru' | 'lstm';
export interface RecurrentLayerSpec {
  readonly cell: CellType;
  readonly units: number;
  readonly activation: string;
  readonly recurrentActivation: string;
  readonly dropout: number;
  readonly recurrentDropout: number;
}

/**
 * Anything that maps windows to predictions: a trained network or a baseline. Evaluators and
 * predictors only see this interface, so they never touch TensorFlow.
 */
export interface Forecaster {
  readonly kind: 'forecaster';
  /** Which codec encodes it, e.g. 'tfjs-layers' or 'naive-last'. */
  readonly impl: string;
  readonly lookback: number;
  readonly features: number;
  readonly horizon: number;
  readonly targets: number;
  /** x: [count, lookback, features] → [count, horizon, targets]. */
  predict(x: Float32Array, count: number): Promise<Float32Array>;
  /**
   * Optional: forecasts windows from their positions → [count, horizon, targets], for forecasters
   * that read each window's whole series history before its first target (the statistical
   * benchmarks), not only the lookback rows. Evaluators and predictors call it when present. A
   * window's first target row may be its series' end (a forecast past the data).
   */
  forecast?(w: Windows): Promise<Float32Array>;
  /**
   * Optional: prediction intervals for windows, at the levels in `levels` (see Intervals), in
   * ORIGINAL units. Present on forecasters with intervals (interval/conformal, a quantile-loss
   * network, an ensemble of such); evaluators score them (coverage, MSIS, ACD, pinball) and
   * predictors print them beside the point forecast.
   */
  intervals?(w: Windows): Promise<Intervals>;
  /** The central coverage levels (percent, ascending, e.g. [80, 95]) `intervals` gives. */
  readonly levels?: readonly number[];
  /** Free native memory (tensors). Called by the executor when the run ends. */
  dispose?(): void;
  /** A JSON summary for run records (architecture, training history, ...). */
  readonly summary: JsonObject;
}

/**
 * Central prediction intervals in ORIGINAL units: for `levels[i]` (percent), `lower[i]` and
 * `upper[i]` are laid out as predictions, [count, horizon, targets], with lower ≤ upper.
 */
export interface Intervals {
  readonly levels: readonly number[];
  readonly lower: readonly Float64Array[];
  readonly upper: readonly Float64Array[];
}

/** The shape part of a forecaster: what a trained network or baseline is built for. */
export type ForecasterShape = Pick<Forecaster, 'lookback' | 'features' | 'horizon' | 'targets'>;

/** Named numbers, e.g. { mse: 0.001, mse_original: 0.004 }. */
export interface Metrics {
  readonly kind: 'metrics';
  readonly values: Readonly<Record<string, number>>;
  readonly details?: JsonObject;
  /** An evaluation's per-series metrics and forecast points, stored as binary (too many for JSON on a panel). */
  readonly tables?: MetricsTables;
}

/** Named columns of equal length; NaN marks an absent value (a metric left out for that series). */
export type NumberTable = Readonly<Record<string, Float64Array>>;

/**
 * What a run writes as runs/<id>/series/<stage>.csv and runs/<id>/forecasts/<stage>.csv. Column
 * `series` of both tables indexes `ids`; column `target` (several targets) indexes `targets`;
 * column `time` is printed as a date when `timeUnit` is 'ms-epoch'. Column order is kept.
 */
export interface MetricsTables {
  readonly ids: readonly string[];
  readonly targets?: readonly string[];
  readonly timeUnit?: TimeUnit;
  /** One row per series scored: `series`, then its metrics. */
  readonly series: NumberTable;
  /** One row per forecast point: `series`, `row` (within its series), `time`?, `step`, `target`?, `actual`, `predicted`, `baseline`?. */
  readonly forecasts: NumberTable;
}

export interface ForecastPoint {
  readonly step: number;
  /** Row index in the source series this value is for (may be past the end). */
  readonly index: number;
  readonly time?: number;
  /** `time` as an ISO 8601 date (`2020-01-01`, or a date-time when not at midnight UTC) for dated series. */
  readonly date?: string;
  /** In original units. */
  readonly value: number;
  readonly scaled: number;
  /** The known true value in original units, when the row exists. */
  readonly actual?: number;
  /** From a forecaster with intervals: one per level, ascending, in original units. */
  readonly intervals?: readonly PointInterval[];
}
export interface PointInterval {
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
}
/**
 * Every series' forecast of a panel, as flat arrays (an object per point would not scale to
 * 100,000 series): series s, step h is element s * steps + (h − 1).
 */
export interface ForecastPanel {
  /** The series forecast, in the panel's order. */
  readonly ids: readonly string[];
  readonly steps: number;
  /** Per series: the row of its first step in its own series (as ForecastPoint.index); step h is index + h − 1. */
  readonly index: Int32Array;
  /** In original units. */
  readonly value: Float64Array;
  readonly scaled: Float64Array;
  /** The known truth in original units, NaN past a series' end; absent when no step has one. */
  readonly actual?: Float64Array;
  /** Time of each step (NaN where unknown), when the series have a time axis. */
  readonly time?: Float64Array;
  /** 'ms-epoch' when `time` holds dates. */
  readonly timeUnit?: TimeUnit;
  /** Series whose window starts before their first row (too short for the lookback): inputs padded with that row. */
  readonly padded: number;
  /** From a forecaster with intervals: per level, bounds laid out as `value` (original units). */
  readonly intervals?: { readonly levels: readonly number[]; readonly lower: readonly Float64Array[]; readonly upper: readonly Float64Array[] };
}
export interface Forecast {
  readonly kind: 'forecast';
  readonly column: string;
  /** One series' steps: the only series, the one asked for, or a panel's first (a sample to chart and list). */
  readonly points: readonly ForecastPoint[];
  /** The id of the series `points` are for; absent for a single series (not a panel). */
  readonly series?: string;
  /** Every series' forecast when the data is a panel and no one series was asked for. */
  readonly panel?: ForecastPanel;
  /** The (first) series' usual calendar step, for a dated axis: dates print at it (`2009`, `2009-03`). */
  readonly timeStep?: TimeStep;
}

export interface ArtifactKinds {
  series: Series;
  windows: Windows;
  split: Split;
  'model-spec': ModelSpec;
  forecaster: Forecaster;
  metrics: Metrics;
  forecast: Forecast;
}
export type KindName = keyof ArtifactKinds;
export type Artifact = ArtifactKinds[KindName];
export const KIND_NAMES: readonly KindName[] = [
  'series', 'windows', 'split', 'model-spec', 'forecaster', 'metrics', 'forecast',
];
