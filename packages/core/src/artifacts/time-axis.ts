/**
 * Calendar arithmetic for dated time axes (`timeUnit: 'ms-epoch'`, UTC epoch milliseconds, before
 * 1970 too): the step a series advances by (a fixed duration, or calendar months and years),
 * where its spacing is irregular, the dates after its end, and how a date and a step are printed.
 * Months and years are calendar steps, not fixed durations, so a monthly series forecasts the 1st
 * of the next months; a fixed step (30 days, 1 hour) stays fixed.
 */

export interface TimeStep {
  readonly unit: 'year' | 'month' | 'day' | 'ms';
  readonly count: number;
}

const DAY = 86_400_000;

/** Date.UTC without its two-digit-year quirk (years 0–99 are not 1900–1999 here). */
function utc(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  return d.getTime();
}
const lastDayOfMonth = (d: Date): number => new Date(utc(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
const timeOfDay = (t: number): number => ((t % DAY) + DAY) % DAY;

/**
 * Whole calendar months from a to b (b > a) at the same time of day and day of month, where a
 * day past a short month's end is that month's last day (Jan 30 → Feb 29 → Mar 30, and month
 * ends: Jan 31 → Feb 29 → Mar 31); undefined otherwise.
 */
export function monthsBetween(a: number, b: number): number | undefined {
  if (!(b > a) || timeOfDay(a) !== timeOfDay(b)) return undefined;
  const da = new Date(a);
  const db = new Date(b);
  const [dayA, dayB] = [da.getUTCDate(), db.getUTCDate()];
  const [endA, endB] = [dayA === lastDayOfMonth(da), dayB === lastDayOfMonth(db)];
  const sameDay = dayA === dayB || (endA && endB) || (endB && dayB < dayA) || (endA && dayA < dayB);
  if (!sameDay) return undefined;
  const months = (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth();
  return months > 0 ? months : undefined;
}

const monthStep = (months: number): TimeStep => (months % 12 === 0 ? { unit: 'year', count: months / 12 } : { unit: 'month', count: months });
const fixedStep = (ms: number): TimeStep => (ms % DAY === 0 ? { unit: 'day', count: ms / DAY } : { unit: 'ms', count: ms });

/** The step from a to b (b > a): whole months when the day of month matches, else days or ms. */
export function stepBetween(a: number, b: number): TimeStep {
  const months = monthsBetween(a, b);
  return months === undefined ? fixedStep(b - a) : monthStep(months);
}

/** The most frequent defined value (the first to occur, on ties) and how often it occurs. */
function mode(values: readonly (number | undefined)[]): { value: number; n: number } | undefined {
  const counts = new Map<number, number>();
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: { value: number; n: number } | undefined;
  for (const [value, n] of counts) if (!best || n > best.n) best = { value, n };
  return best;
}

export interface CommonStep {
  readonly step: TimeStep;
  /** Indices of the intervals the step does not explain. */
  readonly misses: readonly number[];
}

/**
 * The step explaining most intervals [a, b]: either a fixed duration (30 days, 1 hour) or a whole
 * number of calendar months (monthly, quarterly, yearly), whichever explains more of them; a tie
 * goes to the calendar (Jan 1 → Feb 1 is a month). Undefined for no intervals.
 */
export function commonStep(intervals: readonly (readonly [number, number])[]): CommonStep | undefined {
  if (!intervals.length) return undefined;
  const diffs = intervals.map(([a, b]) => b - a);
  const months = intervals.map(([a, b]) => monthsBetween(a, b));
  const fixed = mode(diffs)!;
  const calendar = mode(months);
  const byMonths = calendar !== undefined && calendar.n >= fixed.n;
  const misses: number[] = [];
  for (let i = 0; i < intervals.length; i++) if (byMonths ? months[i] !== calendar.value : diffs[i] !== fixed.value) misses.push(i);
  return { step: byMonths ? monthStep(calendar.value) : fixedStep(fixed.value), misses };
}

export interface Spacing {
  /** The usual step between consecutive times (see commonStep). */
  readonly step: TimeStep;
  /** Intervals that differ from `step`. */
  readonly gaps: number;
  /** Index i of the first irregular interval (between times[i] and times[i + 1]). */
  readonly firstGap?: number;
}

/** Whole months need intervals of at least 28 days (Feb 28 → Mar 28, Jan 31 → Feb 28). */
const SHORTEST_MONTH = 28 * DAY;

/**
 * The usual step of an ascending dated axis and its irregular intervals; undefined under two points.
 * commonStep's answer, in time linear in the points without an interval list (3 million rows of a
 * CSV come here): calendar months are counted only when enough intervals are long enough to be
 * months to outnumber the usual fixed step.
 */
export function spacing(times: ArrayLike<number>): Spacing | undefined {
  const n = times.length - 1;
  if (n < 1) return undefined;
  const diffs = new Float64Array(n);
  let long = 0;
  for (let i = 0; i < n; i++) if ((diffs[i] = times[i + 1]! - times[i]!) >= SHORTEST_MONTH) long++;
  const fixed = runMode(diffs);
  const months = long >= fixed.n ? Array.from({ length: n }, (_, i) => monthsBetween(times[i]!, times[i + 1]!)) : undefined;
  const calendar = months && mode(months);
  const byMonths = calendar !== undefined && calendar.n >= fixed.n;
  let gaps = 0;
  let firstGap: number | undefined;
  for (let i = 0; i < n; i++) {
    if (byMonths ? months![i] === calendar.value : diffs[i] === fixed.value) continue;
    gaps++;
    firstGap ??= i;
  }
  return { step: byMonths ? monthStep(calendar.value) : fixedStep(fixed.value), gaps, ...(firstGap === undefined ? {} : { firstGap }) };
}

/** mode() of a non-empty list, counting runs of one value at once (a regular axis is one run). */
function runMode(values: Float64Array): { value: number; n: number } {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length;) {
    const v = values[i]!;
    let j = i + 1;
    while (j < values.length && values[j] === v) j++;
    counts.set(v, (counts.get(v) ?? 0) + j - i);
    i = j;
  }
  let best = { value: values[0]!, n: 0 };
  for (const [value, n] of counts) if (n > best.n) best = { value, n };
  return best;
}

/** t advanced by k steps; month steps keep the day of month (clamped, and end-of-month stays so). */
export function addTimeStep(t: number, step: TimeStep, k: number): number {
  if (step.unit === 'ms') return t + k * step.count;
  if (step.unit === 'day') return t + k * step.count * DAY;
  const d = new Date(t);
  const months = k * step.count * (step.unit === 'year' ? 12 : 1);
  const endOfMonth = d.getUTCDate() === lastDayOfMonth(d);
  const first = utc(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  const target = new Date(first);
  const day = endOfMonth ? lastDayOfMonth(target) : Math.min(d.getUTCDate(), lastDayOfMonth(target));
  return first + (day - 1) * DAY + timeOfDay(t);
}

/** `2020-01-01` at midnight UTC, otherwise the full ISO date-time. */
export function formatTime(t: number): string {
  const iso = new Date(t).toISOString();
  return timeOfDay(t) === 0 ? iso.slice(0, iso.indexOf('T')) : iso;
}

/** Fixed durations, largest first: a step is printed in the largest unit dividing it. */
const DURATIONS: readonly (readonly [string, number])[] = [
  ['week', 7 * DAY], ['day', DAY], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000], ['millisecond', 1],
];

/** In human units: `1 month`, `1 year`, `30 days`, `2 weeks`, `1 hour`, `15 minutes`. */
export function describeStep(step: TimeStep): string {
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (step.unit === 'year' || step.unit === 'month') return plural(step.count, step.unit);
  const ms = step.unit === 'day' ? step.count * DAY : step.count;
  const [unit, size] = DURATIONS.find(([, size]) => ms % size === 0) ?? ['millisecond', 1];
  return plural(ms / size, unit);
}

/**
 * `t` at a series' own calendar step, as a person reads it: yearly `2009`, monthly or quarterly
 * `2009-03`, daily `2009-03-14`, hourly `2009-03-14 14:00` (seconds only when the step has them).
 * A date off the step's boundary keeps what tells it apart (a yearly series dated June 30:
 * `2009-06`; a monthly one dated the 15th: `2009-03-15`); no step: formatTime's ISO form.
 */
export function formatTimeAt(t: number, step: TimeStep | undefined): string {
  if (!step || !Number.isFinite(t)) return formatTime(t);
  const d = new Date(t);
  // 2009-03-14T14:05:09.000Z (the year may have a sign and 6 digits): cut from the end.
  const iso = d.toISOString();
  const [day, clock, seconds] = [iso.slice(0, -14), iso.slice(-13, -8), iso.slice(-8, -5)];
  const midnight = timeOfDay(t) === 0;
  const [month, date] = [d.getUTCMonth(), d.getUTCDate()];
  const monthEdge = date === 1 || date === lastDayOfMonth(d);
  if (midnight && step.unit === 'year' && ((month === 0 && date === 1) || (month === 11 && date === 31))) return iso.slice(0, -20);
  if (midnight && (step.unit === 'year' || step.unit === 'month') && monthEdge) return iso.slice(0, -17);
  if (midnight && step.unit !== 'ms') return day;
  if (d.getUTCMilliseconds() !== 0) return iso;
  const stepSeconds = step.unit === 'ms' && step.count % 60_000 !== 0;
  return `${day} ${clock}${stepSeconds || d.getUTCSeconds() !== 0 ? seconds : ''}`;
}

/** The step of increasing dates (a forecast's steps); undefined with fewer than two. */
export function stepOfTimes(times: readonly number[]): TimeStep | undefined {
  const intervals: (readonly [number, number])[] = [];
  for (let i = 1; i < times.length; i++) if (times[i]! > times[i - 1]!) intervals.push([times[i - 1]!, times[i]!]);
  return intervals.length === times.length - 1 ? commonStep(intervals)?.step : undefined;
}

/**
 * Each point's date at the series' step (see formatTimeAt): `timeStep` as the forecast recorded it,
 * else the points' own spacing; a point's stored date when neither is known (one point, before timeStep).
 */
export function pointDates(points: readonly { readonly time?: number; readonly date?: string }[], timeStep?: TimeStep): (string | undefined)[] {
  const times = points.map((p) => p.time);
  const dated = points.every((p) => p.date !== undefined) && times.every((t): t is number => typeof t === 'number');
  const step = dated ? (timeStep ?? stepOfTimes(times as number[])) : undefined;
  return points.map((p) => (step && p.time !== undefined ? formatTimeAt(p.time, step) : p.date));
}
