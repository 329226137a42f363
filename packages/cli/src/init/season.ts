/**
 * The calendar step of a dated series, the season and horizon it implies, and the season the
 * autocorrelation of the data supports. The rule (docs/commands.md, `seqpipe init`):
 *  1. The calendar step gives a season: hourly 24, daily 7, weekly 52, monthly 12, quarterly 4
 *     (yearly, minutes, an irregular step and a plain row index: none).
 *  2. r(k), the autocorrelation of the first series' target differenced once (trend removed),
 *     for lags k up to a third of its rows. The calendar season stands when r(season) passes the
 *     M4's 90% seasonality test (|r| > 1.645·sqrt((1 + 2·Σ_{j<k} r(j)²) / n)).
 *  3. Otherwise the lag ≥ 2 with the highest r that is a local peak, passes the test and is at
 *     least 0.3 replaces it; otherwise the calendar season stands unconfirmed (none: 1).
 */
import { describeStep, spacing, type TimeStep } from '@seqpipe/core';

export type Calendar = 'yearly' | 'quarterly' | 'monthly' | 'weekly' | 'daily' | 'hourly' | 'minutes' | 'irregular' | 'index';

export interface Step {
  readonly calendar: Calendar;
  /** In words, for the comment: `1 month`, `15 minutes`, `row index`. */
  readonly text: string;
}

const HOUR = 3_600_000;
const SEASON: Partial<Record<Calendar, number>> = { hourly: 24, daily: 7, weekly: 52, monthly: 12, quarterly: 4 };
/** The M4 competition's horizons. */
const HORIZON: Partial<Record<Calendar, number>> = { yearly: 6, quarterly: 8, monthly: 18, weekly: 13, daily: 14, hourly: 48 };
/** Steps without an M4 horizon and no season: 8 rows. */
const DEFAULT_HORIZON = 8;

export function calendarOf(step: TimeStep): Calendar {
  if (step.unit === 'year' && step.count === 1) return 'yearly';
  if (step.unit === 'month') return step.count === 1 ? 'monthly' : step.count === 3 ? 'quarterly' : 'irregular';
  if (step.unit === 'day') return step.count === 1 ? 'daily' : step.count === 7 ? 'weekly' : 'irregular';
  if (step.unit === 'ms' && step.count === HOUR) return 'hourly';
  if (step.unit === 'ms' && step.count % 60_000 === 0 && step.count < HOUR && HOUR % step.count === 0) return 'minutes';
  return 'irregular';
}

/** The step of a dated axis (its usual spacing); a plain row index without times. */
export function stepOf(times: ArrayLike<number> | undefined): Step & { step?: TimeStep } {
  const s = times && spacing(times);
  if (!s) return { calendar: 'index', text: 'row index (no dates)' };
  return { calendar: calendarOf(s.step), text: describeStep(s.step), step: s.step };
}

export const calendarSeason = (step: Step & { step?: TimeStep }): number | undefined => SEASON[step.calendar];

/** The M4's horizon for the step; an hour for minutes; else one season (when > 1) or 8 rows. */
export function calendarHorizon(step: Step & { step?: TimeStep }, season: number): number {
  if (step.calendar === 'minutes' && step.step) return HOUR / step.step.count;
  return HORIZON[step.calendar] ?? (season > 1 ? season : DEFAULT_HORIZON);
}

/** r(0..maxLag) of x (NaN-free), the usual biased estimator. */
export function autocorrelation(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (x[i]! - mean) ** 2;
  const r = new Float64Array(maxLag + 1);
  r[0] = 1;
  if (!(c0 > 0)) return r;
  for (let k = 1; k <= maxLag; k++) {
    let c = 0;
    for (let i = k; i < n; i++) c += (x[i]! - mean) * (x[i - k]! - mean);
    r[k] = c / c0;
  }
  return r;
}

export interface SeasonChoice {
  readonly season: number;
  /** Which rule won, for the generated file's comment. */
  readonly why: string;
}

const fmt = (r: number): string => r.toFixed(2);

/** Applies rules 1–3 to `values` (one series' target, in time order). */
export function chooseSeason(values: ArrayLike<number>, calendar: number | undefined): SeasonChoice {
  const diff: number[] = [];
  for (let i = 1; i < values.length; i++) if (Number.isFinite(values[i]!) && Number.isFinite(values[i - 1]!)) diff.push(values[i]! - values[i - 1]!);
  const n = diff.length;
  const maxLag = Math.floor(n / 3);
  const named = calendar ? `the calendar's ${calendar}` : 'no calendar season';
  if (maxLag < 2) return { season: calendar ?? 1, why: `${named}; too few rows for the autocorrelation to say more` };
  const r = autocorrelation(diff, maxLag);
  const bound = new Float64Array(maxLag + 1);
  let sum = 0;
  for (let k = 1; k <= maxLag; k++) {
    bound[k] = 1.645 * Math.sqrt((1 + 2 * sum) / n);
    sum += r[k]! ** 2;
  }
  if (calendar && calendar <= maxLag && r[calendar]! > bound[calendar]!) {
    return { season: calendar, why: `the calendar's ${calendar}, confirmed by the autocorrelation (r(${calendar}) = ${fmt(r[calendar]!)} > ${fmt(bound[calendar]!)}, the M4's 90% test)` };
  }
  let best = 0;
  for (let k = 2; k <= maxLag; k++) {
    const peak = r[k]! > r[k - 1]! && (k === maxLag || r[k]! >= r[k + 1]!);
    if (peak && r[k]! > bound[k]! && r[k]! >= 0.3 && (!best || r[k]! > r[best]!)) best = k;
  }
  const calendarR = calendar && calendar <= maxLag ? ` (r(${calendar}) = ${fmt(r[calendar]!)}, below ${fmt(bound[calendar]!)})` : calendar ? ` (longer than a third of the rows)` : '';
  if (best) return { season: best, why: `the autocorrelation's peak r(${best}) = ${fmt(r[best]!)}${calendar ? `, replacing ${named}${calendarR}` : ' (no calendar season)'}` };
  return { season: calendar ?? 1, why: calendar ? `the calendar's ${calendar}, not confirmed by the autocorrelation${calendarR}` : 'none: no calendar season and no autocorrelation peak ≥ 0.3' };
}
