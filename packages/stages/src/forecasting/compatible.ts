import { gatherX } from '@seqpipe/core';
import type { Forecaster, Windows } from '@seqpipe/core';

/** Throws a clear error when a forecaster was built for windows of another shape. */
export function assertCompatible(uses: string, model: Forecaster, w: Windows): void {
  const want = { lookback: w.lookback, features: w.columns.length, horizon: w.horizon, targets: w.targetColumns.length };
  const bad = (Object.keys(want) as (keyof typeof want)[]).filter((k) => model[k] !== want[k]);
  if (bad.length > 0) {
    const detail = bad.map((k) => `${k} ${model[k]} vs ${want[k]}`).join(', ');
    throw new Error(`${uses}: the forecaster ("${model.impl}") does not fit these windows (forecaster vs windows: ${detail})`);
  }
}

/** Forecasts windows from their positions: `forecast` when the forecaster reads history, else `predict` on the gathered inputs. */
export async function forecastChecked(uses: string, model: Forecaster, w: Windows): Promise<Float32Array> {
  return model.forecast ? checked(uses, model, await model.forecast(w), w.count) : predictChecked(uses, model, gatherX(w), w.count);
}

/** Calls predict and checks it returned [count, horizon, targets] values. */
export async function predictChecked(uses: string, model: Forecaster, x: Float32Array, count: number): Promise<Float32Array> {
  return checked(uses, model, await model.predict(x, count), count);
}

function checked(uses: string, model: Forecaster, out: Float32Array, count: number): Float32Array {
  const expected = count * model.horizon * model.targets;
  if (out.length !== expected) throw new Error(`${uses}: the forecaster returned ${out.length} values, expected ${expected}`);
  const bad = out.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${uses}: the forecaster ("${model.impl}") predicted ${out[bad]} (window ${Math.floor(bad / (model.horizon * model.targets))}); a model that predicts non-finite values cannot be scored or forecast with`);
  return out;
}
