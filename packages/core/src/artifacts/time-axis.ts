/**
 * Calendar arithmetic for dated time axes (`timeUnit: 'ms-epoch'`, UTC epoch milliseconds): the
 * step a series advances by (days, months, years), where its spacing is irregular, the dates
 * after its end, and how a date is printed. Months and years are calendar steps, not fixed
 * durations, so a monthly series forecasts the 1st of the next months.
 */

export interface TimeStep {
  readonly unit: 'year' | 'month' | 'day' | 'ms';
  readonly count: number;
}

const DAY = 86_400_000;

const lastDayOfMonth = (d: Date): number => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
const timeOfDay = (t: number): number => ((t % DAY) + DAY) % DAY;

/** The exact calendar step from a to b (b > a): whole months when the day of month matches. */
export function stepBetween(a: number, b: number): TimeStep {
  const da = new Date(a);
  const db = new Date(b);
  const sameDay = da.getUTCDate() === db.getUTCDate()
    || (da.getUTCDate() === lastDayOfMonth(da) && db.getUTCDate() === lastDayOfMonth(db));
  if (sameDay && timeOfDay(a) === timeOfDay(b)) {
    const months = (db.getUTCFullYear() - da.getUTCFullYear()) * 12 + db.getUTCMonth() - da.getUTCMonth();
    if (months > 0) return months % 12 === 0 ? { unit: 'year', count: months / 12 } : { unit: 'month', count: months };
  }
  const diff = b - a;
  return diff % DAY === 0 ? { unit: 'day', count: diff / DAY } : { unit: 'ms', count: diff };
}

const sameStep = (x: TimeStep, y: TimeStep): boolean => x.unit === y.unit && x.count === y.count;

export interface Spacing {
  /** The most common step between consecutive times (the earliest such on ties). */
  readonly step: TimeStep;
  /** Intervals that differ from `step`. */
  readonly gaps: number;
  /** Index i of the first irregular interval (between times[i] and times[i + 1]). */
  readonly firstGap?: number;
}

/** The usual step of an ascending dated axis and its irregular intervals; undefined under two points. */
export function spacing(times: ArrayLike<number>): Spacing | undefined {
  if (times.length < 2) return undefined;
  const steps: TimeStep[] = [];
  const counts = new Map<string, number>();
  for (let i = 1; i < times.length; i++) {
    const s = stepBetween(times[i - 1]!, times[i]!);
    steps.push(s);
    const k = `${s.unit}:${s.count}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let best = steps[0]!;
  for (const s of steps) if (counts.get(`${s.unit}:${s.count}`)! > counts.get(`${best.unit}:${best.count}`)!) best = s;
  let gaps = 0;
  let firstGap: number | undefined;
  steps.forEach((s, i) => {
    if (sameStep(s, best)) return;
    gaps++;
    firstGap ??= i;
  });
  return { step: best, gaps, ...(firstGap === undefined ? {} : { firstGap }) };
}

/** t advanced by k steps; month steps keep the day of month (clamped, and end-of-month stays so). */
export function addTimeStep(t: number, step: TimeStep, k: number): number {
  if (step.unit === 'ms') return t + k * step.count;
  if (step.unit === 'day') return t + k * step.count * DAY;
  const d = new Date(t);
  const months = k * step.count * (step.unit === 'year' ? 12 : 1);
  const endOfMonth = d.getUTCDate() === lastDayOfMonth(d);
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  const target = new Date(first);
  const day = endOfMonth ? lastDayOfMonth(target) : Math.min(d.getUTCDate(), lastDayOfMonth(target));
  return first + (day - 1) * DAY + timeOfDay(t);
}

/** `2020-01-01` at midnight UTC, otherwise the full ISO date-time. */
export function formatTime(t: number): string {
  const iso = new Date(t).toISOString();
  return timeOfDay(t) === 0 ? iso.slice(0, 10) : iso;
}

/** `1 month`, `3 days`. */
export function describeStep(step: TimeStep): string {
  return `${step.count} ${step.unit}${step.count === 1 ? '' : 's'}`;
}
