/** A forecaster's prediction intervals for the predictor's windows, as the forecast lays out its values. */
import type { Forecaster, Windows } from '@seqpipe/core';

/** Per level (ascending): bounds of the first target, [series, steps] in original units; NaN past the horizon. */
export interface StepIntervals {
  readonly levels: readonly number[];
  readonly lower: readonly Float64Array[];
  readonly upper: readonly Float64Array[];
}

/**
 * Calls `intervals` once on the windows the forecast starts from: a network gives them for its
 * horizon only, so steps fed back past the horizon have none (NaN). Bounds are checked as
 * predictions are: the right length, finite, and lower ≤ upper.
 */
export async function intervalSteps(uses: string, model: Forecaster, at: Windows, steps: number): Promise<StepIntervals | undefined> {
  if (!model.intervals) return undefined;
  const got = await model.intervals(at);
  const { horizon: H, count: n } = at;
  const T = at.targetColumns.length;
  const levels = [...got.levels];
  const bad = (why: string): Error => new Error(`${uses}: the forecaster ("${model.impl}") gave intervals ${why}`);
  if (got.lower.length !== levels.length || got.upper.length !== levels.length) throw bad(`for ${got.lower.length} and ${got.upper.length} levels, expected ${levels.length}`);
  if (levels.some((l, i) => !(l > 0 && l < 100) || (i > 0 && l <= levels[i - 1]!))) throw bad(`at levels [${levels.join(', ')}]; levels are percentages in (0, 100), ascending`);
  const take = Math.min(H, steps);
  const lower: Float64Array[] = [];
  const upper: Float64Array[] = [];
  for (const [i, level] of levels.entries()) {
    const lo = got.lower[i]!;
    const hi = got.upper[i]!;
    if (lo.length !== n * H * T || hi.length !== n * H * T) throw bad(`of ${lo.length} and ${hi.length} values at ${level}%, expected ${n * H * T}`);
    const l = new Float64Array(n * steps).fill(NaN);
    const u = new Float64Array(n * steps).fill(NaN);
    for (let j = 0; j < n; j++) {
      for (let h = 0; h < take; h++) {
        const a = lo[(j * H + h) * T]!;
        const b = hi[(j * H + h) * T]!;
        if (!Number.isFinite(a) || !Number.isFinite(b) || a > b) throw bad(`[${a}, ${b}] at ${level}% (window ${j}, step ${h + 1}); bounds must be finite with lower ≤ upper`);
        l[j * steps + h] = a;
        u[j * steps + h] = b;
      }
    }
    lower.push(l);
    upper.push(u);
  }
  return { levels, lower, upper };
}
