/**
 * A forecaster combining members elementwise (mean or median). Members must agree on features,
 * horizon and targets; their lookbacks may differ: the ensemble's lookback is the longest, and each
 * member reads only its own last `lookback` rows of every window (windows are positions, so a
 * shorter view of the same window is the same window with a smaller lookback). Intervals: present
 * when every member has them, at the levels common to all, each bound combined by the same rule.
 */
import { gatherX, messages, SeqpipeError } from '@seqpipe/core';
import type { Forecaster, Intervals, JsonObject, Windows } from '@seqpipe/core';
import { forecastChecked, predictChecked } from '../forecasting/compatible.js';
import { combine, type EnsembleRule } from './combine.js';

export const ENSEMBLE_IMPL = 'ensemble';

export interface EnsembleForecaster extends Forecaster {
  readonly impl: typeof ENSEMBLE_IMPL;
  readonly rule: EnsembleRule;
  readonly members: readonly Forecaster[];
}

export const isEnsembleForecaster = (f: Forecaster): f is EnsembleForecaster => f.impl === ENSEMBLE_IMPL;

/** Throws E_ENSEMBLE_MISMATCH unless the members can forecast the same windows. */
export function checkMembers(members: readonly Forecaster[]): void {
  if (members.length === 0) throw new SeqpipeError('E_EMPTY_INPUT_LIST', messages.E_EMPTY_INPUT_LIST('members'), { exitCode: 1 });
  for (const key of ['features', 'horizon', 'targets'] as const) {
    const values = members.map((m) => m[key]);
    if (new Set(values).size > 1) {
      throw new SeqpipeError('E_ENSEMBLE_MISMATCH', messages.E_ENSEMBLE_MISMATCH(key, members.map((m, i) => `member ${i + 1} ("${m.impl}"): ${values[i]}`).join(', ')), { exitCode: 1 });
    }
  }
}

/**
 * `owns`: whether disposing the ensemble disposes its members (true when decoded from bytes; false
 * when built by the stage from input artifacts the executor disposes itself).
 */
export function createEnsembleForecaster(rule: EnsembleRule, members: readonly Forecaster[], owns: boolean, summary?: JsonObject): EnsembleForecaster {
  checkMembers(members);
  const first = members[0]!;
  const lookback = Math.max(...members.map((m) => m.lookback));
  const { features, horizon, targets } = first;
  const uses = `ensemble/${rule}`;
  const levels = commonLevels(members);
  const view = (w: Windows, m: Forecaster): Windows => (m.lookback === w.lookback ? w : { ...w, lookback: m.lookback });
  const outputs = (count: number): Float32Array => new Float32Array(count * horizon * targets);
  const ensemble: EnsembleForecaster = {
    kind: 'forecaster', impl: ENSEMBLE_IMPL, rule, members, lookback, features, horizon, targets,
    summary: summary ?? {
      rule, lookback,
      members: members.map((m) => ({ impl: m.impl, lookback: m.lookback })),
      ...(levels ? { levels: [...levels] } : {}),
    },
    async predict(x, count) {
      const parts: Float32Array[] = [];
      for (const m of members) parts.push(await predictChecked(uses, m, m.lookback === lookback ? x : lastRows(x, count, lookback, m.lookback, features), count));
      return combine(rule, parts, outputs(count));
    },
    dispose() {
      if (owns) for (const m of members) m.dispose?.();
    },
  };
  // Only when a member reads history: a forecaster without `forecast` can be fed its own
  // predictions (predictor/next with steps > 1), and the ensemble keeps that ability.
  const withForecast: EnsembleForecaster = members.some((m) => m.forecast) ? {
    ...ensemble,
    async forecast(w) {
      const parts: Float32Array[] = [];
      for (const m of members) {
        const v = view(w, m);
        parts.push(m.forecast ? await forecastChecked(uses, m, v) : await predictChecked(uses, m, gatherX(v), v.count));
      }
      return combine(rule, parts, outputs(w.count));
    },
  } : ensemble;
  if (!levels) return withForecast;
  return {
    ...withForecast,
    levels,
    async intervals(w): Promise<Intervals> {
      const all: Intervals[] = [];
      for (const m of members) all.push(await m.intervals!(view(w, m)));
      const pick = (i: Intervals, level: number, side: 'lower' | 'upper'): Float64Array => i[side][i.levels.indexOf(level)]!;
      const size = w.count * horizon * targets;
      return {
        levels,
        lower: levels.map((l) => combine(rule, all.map((i) => pick(i, l, 'lower')), new Float64Array(size))),
        upper: levels.map((l) => combine(rule, all.map((i) => pick(i, l, 'upper')), new Float64Array(size))),
      };
    },
  };
}

/** Levels every member gives intervals at (ascending), or undefined when a member has none or none are shared. */
function commonLevels(members: readonly Forecaster[]): readonly number[] | undefined {
  if (!members.every((m) => m.intervals && m.levels && m.levels.length > 0)) return undefined;
  const common = members[0]!.levels!.filter((l) => members.every((m) => m.levels!.includes(l)));
  return common.length > 0 ? [...common].sort((a, b) => a - b) : undefined;
}

/** The last `keep` of `lookback` rows of each window in x: [count, lookback, features] → [count, keep, features]. */
function lastRows(x: Float32Array, count: number, lookback: number, keep: number, features: number): Float32Array {
  const out = new Float32Array(count * keep * features);
  for (let i = 0; i < count; i++) {
    out.set(x.subarray((i * lookback + lookback - keep) * features, (i + 1) * lookback * features), i * keep * features);
  }
  return out;
}
