/**
 * Baselines that need no training beyond a number or two: seasonal naive, drift and mean. Each is
 * a Forecaster with its own `impl` and codec; their fitted numbers (slope, mean) come from the
 * training part only and are stored in the codec's header.
 */
import { seriesCount, windowSeries } from '@seqpipe/core';
import type { ArtifactCodec, Forecaster, JsonObject, Windows } from '@seqpipe/core';
import type { NaiveShape } from './naive-forecaster.js';

export type RuleImpl = 'seasonal-naive' | 'drift' | 'mean';
export interface RuleForecaster extends Forecaster, NaiveShape {
  readonly impl: RuleImpl;
  /**
   * seasonal-naive: { period }; drift: { slope: per target }; mean: { mean: per target }; on a
   * panel of several series, drift and mean hold one number per series then target and `series`.
   */
  readonly fitted: JsonObject;
}

type Rule = (x: Float32Array, last: number, n: number, h: number, k: number) => number;

function rule(impl: RuleImpl, shape: NaiveShape, fitted: JsonObject): Rule {
  const { lookback, features, targetFeatures } = shape;
  const at = (x: Float32Array, n: number, r: number, k: number): number => x[(n * lookback + r) * features + targetFeatures[k]!]!;
  if (impl === 'seasonal-naive') {
    const period = fitted.period as number;
    if (period > lookback) throw new Error(`baseline/seasonal: period ${period} is longer than the windows' lookback ${lookback}; lower period or raise lookback`);
    // Step h repeats the value one season before it: row lookback − period + (h mod period).
    return (x, _last, n, h, k) => at(x, n, lookback - period + (h % period), k);
  }
  if (impl === 'drift') {
    const slope = fitted.slope as number[];
    return (x, _last, n, h, k) => at(x, n, lookback - 1, k) + (h + 1) * slope[k]!;
  }
  const mean = fitted.mean as number[];
  return (_x, _last, _n, _h, k) => mean[k]!;
}

export function createRuleForecaster(impl: RuleImpl, shape: NaiveShape, fitted: JsonObject): RuleForecaster {
  const { lookback, features, horizon, targetFeatures } = shape;
  const targets = targetFeatures.length;
  const f = rule(impl, shape, fitted);
  const panel = typeof fitted.series === 'number' && impl !== 'seasonal-naive' ? { forecast: perSeriesForecast(impl, shape, fitted) } : {};
  return {
    kind: 'forecaster', impl, lookback, features, horizon, targets, targetFeatures, fitted,
    summary: { impl, lookback, features, horizon, targetFeatures: [...targetFeatures], ...fitted },
    ...panel,
    async predict(x, count) {
      if (panel.forecast) throw new Error(`${impl}: fitted per series of a panel (${fitted.series as number} series); call forecast(windows), which knows each window's series`);
      if (x.length !== count * lookback * features) throw new Error(`${impl}: x has ${x.length} values, expected ${count} × ${lookback} × ${features}`);
      const out = new Float32Array(count * horizon * targets);
      for (let n = 0; n < count; n++) {
        for (let h = 0; h < horizon; h++) for (let k = 0; k < targets; k++) out[(n * horizon + h) * targets + k] = f(x, lookback - 1, n, h, k);
      }
      return out;
    },
  };
}

/**
 * Drift and mean fitted per series of a panel ({ slope | mean: [series × target], series }): each
 * window uses its own series' number. The last value is read as float32, as predict() reads it.
 */
function perSeriesForecast(impl: 'drift' | 'mean', shape: NaiveShape, fitted: JsonObject): (w: Windows) => Promise<Float32Array> {
  const { horizon, targetFeatures } = shape;
  const T = targetFeatures.length;
  const fit = (impl === 'drift' ? fitted.slope : fitted.mean) as number[];
  return async (w) => {
    const n = seriesCount(w);
    if (n !== fitted.series) throw new Error(`${impl}: fitted on ${fitted.series as number} series, but the windows hold ${n}`);
    const F = w.columns.length;
    const series = windowSeries(w);
    const out = new Float32Array(w.count * horizon * T);
    for (let k = 0; k < w.count; k++) {
      const s = series[k]!;
      for (let t = 0; t < T; t++) {
        const last = Math.fround(w.data[(w.index[k]! - 1) * F + targetFeatures[t]!]!);
        const v = fit[s * T + t]!;
        for (let h = 0; h < horizon; h++) out[(k * horizon + h) * T + t] = impl === 'drift' ? last + (h + 1) * v : v;
      }
    }
    return out;
  };
}

export function ruleCodec(impl: RuleImpl): ArtifactCodec<'forecaster'> {
  return {
    kind: 'forecaster',
    impl,
    encode(f) {
      const r = f as Partial<RuleForecaster>;
      if (f.impl !== impl || !r.fitted || !r.targetFeatures) throw new Error(`${impl} codec cannot encode a "${f.impl}" forecaster`);
      const { lookback, features, horizon, targets } = f;
      return { header: { kind: 'forecaster', impl, lookback, features, horizon, targets, targetFeatures: [...r.targetFeatures], fitted: r.fitted }, buffers: [] };
    },
    decode({ header }) {
      const shape = { lookback: header.lookback as number, features: header.features as number, horizon: header.horizon as number, targetFeatures: header.targetFeatures as number[] };
      return createRuleForecaster(impl, shape, header.fitted as JsonObject);
    },
  };
}
