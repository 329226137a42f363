/**
 * A forecast as files and records: a CSV with one row per series and step (how a panel's forecast
 * is read, 100,000 series at a time), and the JSON form run.json and `--json` carry, where a
 * panel's arrays are replaced by their size and the CSV that holds them.
 */
import type { Forecast } from './kinds.js';
import { SINGLE_SERIES_ID } from './panel.js';
import { formatTime } from './time-axis.js';
import { toJsonValue, type JsonObject } from '../json.js';

const quote = (s: string): string => (/[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s);
const num = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '' : String(v));

/**
 * `series,step,row[,date|time],value[,lower_L,upper_L…][,actual]`, one row per series and step:
 * every series of a panel's forecast, else the one series `points` holds. `row` counts rows of its
 * own series (past its end for a forecast after the data); `actual` is empty where the row is
 * unknown; `lower_80,upper_80,…` (per level, ascending) hold a forecaster's intervals, empty on
 * a step without one (fed back past the horizon).
 */
export function forecastCsv(f: Forecast): string {
  const p = f.panel;
  const dated = p ? p.timeUnit === 'ms-epoch' : f.points.some((pt) => pt.date !== undefined);
  const timed = p ? !!p.time : f.points.some((pt) => pt.time !== undefined);
  const withActual = p ? !!p.actual : f.points.some((pt) => pt.actual !== undefined);
  const levels = forecastLevels(f);
  const head = ['series', 'step', 'row', ...(timed ? [dated ? 'date' : 'time'] : []), 'value', ...levels.flatMap((l) => [`lower_${l}`, `upper_${l}`]), ...(withActual ? ['actual'] : [])];
  const lines = [head.join(',')];
  const when = (t: number | undefined): string[] => {
    if (!timed) return [];
    return [t === undefined || Number.isNaN(t) ? '' : dated ? formatTime(t) : String(t)];
  };
  if (!p) {
    const id = quote(f.series ?? SINGLE_SERIES_ID);
    for (const pt of f.points) {
      const bounds = levels.flatMap((l) => {
        const b = pt.intervals?.find((x) => x.level === l);
        return [num(b?.lower), num(b?.upper)];
      });
      lines.push([id, pt.step, pt.index, ...when(pt.time), num(pt.value), ...bounds, ...(withActual ? [num(pt.actual)] : [])].join(','));
    }
    return `${lines.join('\n')}\n`;
  }
  const b = p.intervals;
  for (let s = 0; s < p.ids.length; s++) {
    const id = quote(p.ids[s]!);
    for (let h = 0; h < p.steps; h++) {
      const i = s * p.steps + h;
      const bounds = b ? b.levels.flatMap((_, l) => [num(b.lower[l]![i]), num(b.upper[l]![i])]) : [];
      lines.push([id, h + 1, p.index[s]! + h, ...when(p.time?.[i]), num(p.value[i]), ...bounds, ...(withActual ? [num(p.actual![i])] : [])].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The interval levels a forecast holds (ascending): its panel's, else those of any point. */
export function forecastLevels(f: Forecast): number[] {
  if (f.panel) return [...(f.panel.intervals?.levels ?? [])];
  return [...new Set(f.points.flatMap((pt) => (pt.intervals ?? []).map((b) => b.level)))].sort((a, b) => a - b);
}

/** How a panel's forecast is summarised where its arrays would not fit (run.json, `--json`). */
export interface ForecastPanelSummary {
  /** Series forecast. */
  readonly series: number;
  readonly steps: number;
  /** Series whose inputs were padded (too short for the lookback). */
  readonly padded: number;
  /** The CSV holding every series' forecast (relative to the run's folder in run.json). */
  readonly file: string;
  /** From a forecaster with intervals: their levels (the CSV's lower_L, upper_L columns). */
  readonly levels?: readonly number[];
}

/**
 * The JSON form of a forecast, without `kind`: unchanged for one series; for a panel, `panel`
 * becomes a summary naming `file`, the CSV written with `forecastCsv`.
 */
export function forecastJson(f: Forecast, file: string): JsonObject {
  const { kind: _kind, panel, ...rest } = f;
  if (!panel) return toJsonValue(rest) as JsonObject;
  const summary: ForecastPanelSummary = {
    series: panel.ids.length, steps: panel.steps, padded: panel.padded, file, ...(panel.intervals ? { levels: [...panel.intervals.levels] } : {}),
  };
  return toJsonValue({ ...rest, panel: summary }) as JsonObject;
}
