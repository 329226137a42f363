/**
 * One network per series of a panel (`trainer/tfjs` with `local: true`) behind one Forecaster.
 * A window's series is known from its position, not from its inputs, so this forecaster answers
 * `forecast(windows)` (evaluators and predictors call it when present) and refuses `predict(x)`.
 * Series are matched by id, so a model applies to the same series in any panel that holds it.
 */
import {
  gatherX, SINGLE_SERIES_ID, seriesRanges, windowsAt, windowsBySeries, type Forecaster, type ForecasterShape, type Intervals, type JsonObject, type Windows,
} from '@seqpipe/core';

export const LOCAL_IMPL = 'local-models';

export interface LocalForecaster extends Forecaster {
  readonly impl: typeof LOCAL_IMPL;
  /** The series ids, in training-panel order; `models[i]` forecasts series `ids[i]`. */
  readonly ids: readonly string[];
  readonly models: readonly Forecaster[];
  forecast(w: Windows): Promise<Float32Array>;
  dispose(): void;
}

export function isLocalForecaster(f: Forecaster): f is LocalForecaster {
  return f.impl === LOCAL_IMPL && 'models' in f;
}

export function createLocalForecaster(
  shape: ForecasterShape, ids: readonly string[], models: readonly Forecaster[], summary: JsonObject,
): LocalForecaster {
  if (ids.length !== models.length) throw new Error(`${LOCAL_IMPL}: ${ids.length} series ids for ${models.length} models`);
  const { lookback, features, horizon, targets } = shape;
  const byId = new Map(ids.map((id, i) => [id, i]));
  /** Calls `each(model, from, to)` for each series' run of windows (order[from..to)). */
  const bySeries = async (w: Windows, each: (m: Forecaster, order: Int32Array, from: number, to: number) => Promise<void>) => {
    const { ids: windowIds } = seriesRanges(w, w.rows);
    const { starts, order } = windowsBySeries(w);
    for (let s = 0; s < windowIds.length; s++) {
      const from = starts[s]!;
      const to = starts[s + 1]!;
      if (from === to) continue;
      const id = w.ids ? windowIds[s]! : (ids.length === 1 ? ids[0]! : SINGLE_SERIES_ID);
      const m = byId.get(id);
      if (m === undefined) {
        throw new Error(`series "${id}" has no model of its own in this "${LOCAL_IMPL}" forecaster (it had no training window, or is not in the panel it was trained on)`);
      }
      await each(models[m]!, order, from, to);
    }
  };
  const width = horizon * targets;
  const base: LocalForecaster = {
    kind: 'forecaster',
    impl: LOCAL_IMPL,
    lookback, features, horizon, targets,
    ids, models, summary,
    predict() {
      return Promise.reject(new Error(
        `a "${LOCAL_IMPL}" forecaster holds one model per series and cannot tell a window's series from its inputs alone; forecast from the windows' positions (forecast(windows)) instead`,
      ));
    },
    async forecast(w: Windows): Promise<Float32Array> {
      const out = new Float32Array(w.count * width);
      await bySeries(w, async (m, order, from, to) => {
        const y = await m.predict(gatherX(w, order, from, to), to - from);
        for (let j = from; j < to; j++) out.set(y.subarray((j - from) * width, (j - from + 1) * width), order[j]! * width);
      });
      return out;
    },
    dispose() {
      for (const m of models) m.dispose?.();
    },
  };
  // Quantile-loss series models (all trained with the same params): each series' intervals from its own model.
  const levels = models[0]?.levels;
  if (!levels || !models.every((m) => m.intervals && m.levels?.join() === levels.join())) return base;
  return {
    ...base,
    levels,
    async intervals(w: Windows): Promise<Intervals> {
      const lower = levels.map(() => new Float64Array(w.count * width));
      const upper = levels.map(() => new Float64Array(w.count * width));
      await bySeries(w, async (m, order, from, to) => {
        const part = await m.intervals!(windowsAt(w, Int32Array.from(order.subarray(from, to), (j) => w.index[j]!)));
        for (let i = 0; i < levels.length; i++) {
          for (let j = from; j < to; j++) {
            lower[i]!.set(part.lower[i]!.subarray((j - from) * width, (j - from + 1) * width), order[j]! * width);
            upper[i]!.set(part.upper[i]!.subarray((j - from) * width, (j - from + 1) * width), order[j]! * width);
          }
        }
      });
      return { levels, lower, upper };
    },
  };
}
