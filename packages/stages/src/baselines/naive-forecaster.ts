import type { Forecaster } from '@seqpipe/core';

export interface NaiveShape {
  readonly lookback: number;
  readonly features: number;
  readonly horizon: number;
  /** Index in a window's features of each target column: the value repeated for it. */
  readonly targetFeatures: readonly number[];
}

export interface NaiveForecaster extends Forecaster, NaiveShape {
  readonly impl: 'naive-last';
}

export function isNaiveForecaster(f: Forecaster): f is NaiveForecaster {
  return f.impl === 'naive-last' && Array.isArray((f as Partial<NaiveForecaster>).targetFeatures);
}

/** The persistence forecast: each target's last observed value, repeated for every horizon step. */
export function createNaiveForecaster(shape: NaiveShape): NaiveForecaster {
  const { lookback, features, horizon, targetFeatures } = shape;
  const targets = targetFeatures.length;
  return {
    kind: 'forecaster',
    impl: 'naive-last',
    lookback, features, horizon, targets, targetFeatures,
    summary: { impl: 'naive-last', rule: 'repeat the last observed target value', lookback, features, horizon, targetFeatures: [...targetFeatures] },
    async predict(x, count) {
      if (x.length !== count * lookback * features) {
        throw new Error(`naive-last: x has ${x.length} values, expected ${count} × ${lookback} × ${features}`);
      }
      const out = new Float32Array(count * horizon * targets);
      for (let n = 0; n < count; n++) {
        const last = (n * lookback + lookback - 1) * features;
        for (let h = 0; h < horizon; h++) {
          for (let k = 0; k < targets; k++) out[(n * horizon + h) * targets + k] = x[last + targetFeatures[k]!]!;
        }
      }
      return out;
    },
  };
}
