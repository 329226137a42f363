/**
 * Baselines that need no training beyond a number or two: seasonal naive, drift and mean. Each is
 * a Forecaster with its own `impl` and codec; their fitted numbers (slope, mean) come from the
 * training part only and are stored in the codec's header.
 */
import type { ArtifactCodec, Forecaster, JsonObject } from '@seqpipe/core';
import type { NaiveShape } from './naive-forecaster.js';

export type RuleImpl = 'seasonal-naive' | 'drift' | 'mean';
export interface RuleForecaster extends Forecaster, NaiveShape {
  readonly impl: RuleImpl;
  /** seasonal-naive: { period }; drift: { slope: per target }; mean: { mean: per target }. */
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
  return {
    kind: 'forecaster', impl, lookback, features, horizon, targets, targetFeatures, fitted,
    summary: { impl, lookback, features, horizon, targetFeatures: [...targetFeatures], ...fitted },
    async predict(x, count) {
      if (x.length !== count * lookback * features) throw new Error(`${impl}: x has ${x.length} values, expected ${count} × ${lookback} × ${features}`);
      const out = new Float32Array(count * horizon * targets);
      for (let n = 0; n < count; n++) {
        for (let h = 0; h < horizon; h++) for (let k = 0; k < targets; k++) out[(n * horizon + h) * targets + k] = f(x, lookback - 1, n, h, k);
      }
      return out;
    },
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
