/**
 * A forecaster with split-conformal intervals: predictions come from the wrapped model unchanged;
 * `intervals` puts ± the calibrated half-width (per series, level, step, target) around its point
 * forecast in original units.
 */
import { messages, SeqpipeError, seriesRanges, toOriginal, windowSeries } from '@seqpipe/core';
import type { Forecaster, Intervals, JsonObject, Windows } from '@seqpipe/core';
import { forecastChecked } from '../forecasting/compatible.js';
import { seriesWidths, type ConformalTable } from './calibrate.js';

export const CONFORMAL_IMPL = 'conformal';

export interface ConformalForecaster extends Forecaster {
  readonly impl: typeof CONFORMAL_IMPL;
  readonly inner: Forecaster;
  readonly table: ConformalTable;
  readonly levels: readonly number[];
  intervals(w: Windows): Promise<Intervals>;
}

export function isConformalForecaster(f: Forecaster): f is ConformalForecaster {
  return f.impl === CONFORMAL_IMPL && 'inner' in f && 'table' in f;
}

export function createConformalForecaster(inner: Forecaster, table: ConformalTable, summary: JsonObject): ConformalForecaster {
  const ownIndex = new Map(Array.from(table.ownSeries, (s, i) => [s, i] as const));
  const seriesOf = new Map(table.ids.map((id, s) => [id, s] as const));
  const widthsCache = new Map<number, Float64Array>();
  const widthsOf = (s: number): Float64Array => {
    let v = widthsCache.get(s);
    if (!v) widthsCache.set(s, (v = seriesWidths(table, s, ownIndex)));
    return v;
  };
  const { lookback, features, horizon, targets } = inner;
  return {
    kind: 'forecaster',
    impl: CONFORMAL_IMPL,
    lookback, features, horizon, targets,
    inner, table, summary,
    levels: table.levels,
    predict: (x, count) => inner.predict(x, count),
    ...(inner.forecast ? { forecast: (w: Windows) => inner.forecast!(w) } : {}),
    async intervals(w: Windows): Promise<Intervals> {
      const point = toOriginal(await forecastChecked(`${CONFORMAL_IMPL} intervals`, inner, w), w);
      const { ids } = seriesRanges(w, w.rows);
      const of = windowSeries(w);
      const H = horizon;
      const T = targets;
      const L = table.levels.length;
      const lower = table.levels.map(() => new Float64Array(point.length));
      const upper = table.levels.map(() => new Float64Array(point.length));
      for (let k = 0; k < w.count; k++) {
        // The one series of a single-series artifact matches whatever id the table gave it.
        const s = table.ids.length === 1 && ids.length === 1 ? 0 : seriesOf.get(ids[of[k]!]!);
        const widths = s === undefined ? undefined : widthsOf(s);
        for (let l = 0; l < L; l++) {
          for (let i = k * H * T; i < (k + 1) * H * T; i++) {
            const q = widths?.[l * H * T + (i - k * H * T)] ?? Number.NaN;
            if (!(q >= 0)) throw new SeqpipeError('E_CONFORMAL_UNCALIBRATED', messages.E_CONFORMAL_UNCALIBRATED(ids[of[k]!]!), { exitCode: 1 });
            lower[l]![i] = point[i]! - q;
            upper[l]![i] = point[i]! + q;
          }
        }
      }
      return { levels: table.levels, lower, upper };
    },
    dispose: () => inner.dispose?.(),
  };
}
