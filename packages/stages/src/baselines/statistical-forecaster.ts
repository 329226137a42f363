/**
 * The M4 statistical benchmarks (statistical/benchmarks.ts) as a Forecaster. It has no fitted
 * state: `forecast(w)` fits the method afresh for every window on its series' whole history before
 * the window's first target, in original units, so a test window sees the training and validation
 * rows of its series as the M4 protocol has it. Evaluators and predictors call `forecast`;
 * `predict(x)` (windows without positions) can only use the lookback rows, in model units.
 */
import { windowSeries } from '@seqpipe/core';
import type { ArtifactCodec, Forecaster, Windows } from '@seqpipe/core';
import { M4_BENCHMARKS } from '../statistical/benchmarks.js';
import type { M4BenchmarkName, StatisticalForecaster } from '../statistical/benchmarks.js';
import type { NaiveShape } from './naive-forecaster.js';
import { historyOf } from './original-units.js';

export const STATISTICAL_METHODS = ['naive2', 'ses', 'holt', 'damped', 'theta', 'comb'] as const;
export type StatisticalMethod = (typeof STATISTICAL_METHODS)[number];

const BENCHMARK: Record<StatisticalMethod, M4BenchmarkName> = { naive2: 'Naive2', ses: 'SES', holt: 'Holt', damped: 'Damped', theta: 'Theta', comb: 'Com' };

export const STATISTICAL_IMPL = 'm4-statistical';

export interface StatisticalForecasterModel extends Forecaster, NaiveShape {
  readonly impl: typeof STATISTICAL_IMPL;
  readonly method: StatisticalMethod;
  /** Season length for the seasonality test and adjustment (1: none). */
  readonly period: number;
}

export function isStatisticalForecaster(f: Forecaster): f is StatisticalForecasterModel {
  const m = (f as Partial<StatisticalForecasterModel>).method;
  return f.impl === STATISTICAL_IMPL && m !== undefined && (STATISTICAL_METHODS as readonly string[]).includes(m);
}

export function createStatisticalForecaster(method: StatisticalMethod, period: number, shape: NaiveShape): StatisticalForecasterModel {
  const { lookback, features, horizon, targetFeatures } = shape;
  const targets = targetFeatures.length;
  const fn: StatisticalForecaster = M4_BENCHMARKS[BENCHMARK[method]];
  return {
    kind: 'forecaster', impl: STATISTICAL_IMPL, method, period, lookback, features, horizon, targets, targetFeatures,
    summary: { impl: STATISTICAL_IMPL, method, period, fit: "each window's whole series history before its first target, in original units", lookback, features, horizon, targetFeatures: [...targetFeatures] },
    async forecast(w: Windows) {
      const col = w.targetColumns[0]!;
      const series = windowSeries(w);
      const out = new Float32Array(w.count * horizon);
      for (let k = 0; k < w.count; k++) {
        const s = series[k]!;
        const history = historyOf(w, col, s, w.offsets ? w.offsets[s]! : 0, w.index[k]!);
        out.set(history.toModel(fn(history.values, horizon, period)), k * horizon);
      }
      return out;
    },
    async predict(x, count) {
      if (x.length !== count * lookback * features) throw new Error(`${STATISTICAL_IMPL}: x has ${x.length} values, expected ${count} × ${lookback} × ${features}`);
      const out = new Float32Array(count * horizon);
      const history = new Float64Array(lookback);
      for (let n = 0; n < count; n++) {
        for (let r = 0; r < lookback; r++) history[r] = x[(n * lookback + r) * features + targetFeatures[0]!]!;
        out.set(fn(history, horizon, period), n * horizon);
      }
      return out;
    },
  };
}

/** No weights: the method, period and shape rebuild it (it fits per window when forecasting). */
export const statisticalForecasterCodec: ArtifactCodec<'forecaster'> = {
  kind: 'forecaster',
  impl: STATISTICAL_IMPL,
  encode(f) {
    if (!isStatisticalForecaster(f)) throw new Error(`${STATISTICAL_IMPL} codec cannot encode a "${f.impl}" forecaster`);
    const { method, period, lookback, features, horizon, targets, targetFeatures } = f;
    return { header: { kind: 'forecaster', impl: STATISTICAL_IMPL, method, period, lookback, features, horizon, targets, targetFeatures: [...targetFeatures] }, buffers: [] };
  },
  decode({ header }) {
    const method = header.method as StatisticalMethod;
    if (!STATISTICAL_METHODS.includes(method)) throw new Error(`${STATISTICAL_IMPL} codec: unknown method ${JSON.stringify(header.method)}`);
    return createStatisticalForecaster(method, header.period as number, {
      lookback: header.lookback as number, features: header.features as number, horizon: header.horizon as number, targetFeatures: header.targetFeatures as number[],
    });
  },
};
