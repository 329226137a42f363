import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addTimeStep, commonStep, describeStep, formatTime, formatTimeAt, pointDates, spacing, stepBetween, type TimeStep } from './time-axis.js';

const d = (s: string): number => Date.parse(`${s}T00:00:00Z`);
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** n times from `start`, each `next(previous)`. */
const axis = (start: number, n: number, next: (t: number) => number): number[] => {
  const out = [start];
  while (out.length < n) out.push(next(out.at(-1)!));
  return out;
};
const months = (start: string, n: number, count = 1): number[] => axis(d(start), n, (t) => addTimeStep(t, { unit: 'month', count }, 1));

describe('time axis', () => {
  it('tells calendar steps apart', () => {
    expect(stepBetween(d('2000-01-01'), d('2000-02-01'))).toEqual({ unit: 'month', count: 1 });
    expect(stepBetween(d('2000-01-31'), d('2000-02-29'))).toEqual({ unit: 'month', count: 1 });
    expect(stepBetween(d('2000-01-01'), d('2001-01-01'))).toEqual({ unit: 'year', count: 1 });
    expect(stepBetween(d('2000-01-01'), d('2000-01-08'))).toEqual({ unit: 'day', count: 7 });
    expect(stepBetween(d('2000-01-01'), d('2000-01-01') + 3_600_000)).toEqual({ unit: 'ms', count: 3_600_000 });
  });

  it('finds the usual step, how many intervals differ and the first', () => {
    const t = ['2000-01-01', '2000-02-01', '2000-03-01', '2000-05-01', '2000-06-01', '2000-08-01'].map(d);
    expect(spacing(t)).toEqual({ step: { unit: 'month', count: 1 }, gaps: 2, firstGap: 2 });
    expect(spacing([d('2000-01-01')])).toBeUndefined();
    expect(spacing([d('2000-01-01'), d('2000-02-01')])).toEqual({ step: { unit: 'month', count: 1 }, gaps: 0 });
  });

  it('a fixed step of N days is regular, even where it lands on the same day of month', () => {
    // 2000-04-30 + 30 days is 2000-05-30: one month by the calendar, 30 days by the clock.
    expect(spacing(axis(d('2000-01-01'), 40, (t) => t + 30 * DAY))).toEqual({ step: { unit: 'day', count: 30 }, gaps: 0 });
    expect(spacing(axis(d('1950-01-01'), 40, (t) => t + 30 * DAY))).toEqual({ step: { unit: 'day', count: 30 }, gaps: 0 });
    expect(spacing(axis(d('1969-12-01'), 40, (t) => t + 30 * DAY))).toEqual({ step: { unit: 'day', count: 30 }, gaps: 0 });
    expect(spacing(axis(d('1900-03-01'), 100, (t) => t + 7 * DAY))).toEqual({ step: { unit: 'day', count: 7 }, gaps: 0 });
    expect(spacing(axis(d('1960-01-01'), 400, (t) => t + DAY))).toEqual({ step: { unit: 'day', count: 1 }, gaps: 0 });
  });

  it('calendar steps are regular: monthly on a day or at month ends, quarterly, yearly, before 1970 too', () => {
    const regular = (times: number[], unit: string, count: number): void => expect(spacing(times)).toEqual({ step: { unit, count }, gaps: 0 });
    regular(months('1999-01-01', 36), 'month', 1);
    regular(months('1950-01-15', 36), 'month', 1);
    regular(months('1960-01-31', 36), 'month', 1); // month ends: Feb 29, Mar 31, Apr 30 …
    regular(months('2001-01-30', 36), 'month', 1); // the 30th, clamped to Feb 28
    regular(months('1930-03-31', 20, 3), 'month', 3);
    regular(months('1899-01-01', 20, 12), 'year', 1);
    regular(axis(Date.UTC(1969, 0, 1, 6), 100, (t) => t + HOUR), 'ms', HOUR);
    regular(axis(Date.UTC(2000, 0, 1, 6), 100, (t) => t + 60_000), 'ms', 60_000);
  });

  it('hourly data with a gap: one irregular interval, the step in hours', () => {
    const t = [...axis(Date.UTC(2000, 0, 1), 40, (x) => x + HOUR), Date.UTC(2000, 0, 1) + 45 * HOUR];
    const s = spacing(t)!;
    expect(s).toEqual({ step: { unit: 'ms', count: HOUR }, gaps: 1, firstGap: 39 });
    expect(describeStep(s.step)).toBe('1 hour');
  });

  it('spacing is commonStep over the intervals (in linear time, without listing them)', () => {
    const steps: TimeStep[] = [{ unit: 'day', count: 1 }, { unit: 'day', count: 28 }, { unit: 'day', count: 31 }, { unit: 'month', count: 1 }, { unit: 'month', count: 3 }, { unit: 'year', count: 1 }, { unit: 'ms', count: HOUR }];
    const start = fc.constantFrom(d('2000-01-31'), d('1999-02-28'), d('1969-12-01'), Date.UTC(2001, 0, 30, 6));
    // Mostly one step, with some others, so both fixed and calendar steps win sometimes.
    const axisOf = fc.tuple(start, fc.array(fc.tuple(fc.nat(9), fc.constantFrom(...steps), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 60 }));
    fc.assert(fc.property(axisOf, ([t0, moves]) => {
      const times = [t0];
      for (const [usual, step, k] of moves) times.push(addTimeStep(times.at(-1)!, usual < 6 ? moves[0]![1] : step, usual < 6 ? 1 : k));
      const common = commonStep(times.slice(1).map((b, i) => [times[i]!, b] as const))!;
      const [firstGap] = common.misses;
      expect(spacing(times)).toEqual({ step: common.step, gaps: common.misses.length, ...(firstGap === undefined ? {} : { firstGap }) });
    }), { numRuns: 2000 });
  });

  it('spacing of 3 million minutes is quick (with an interval list it took about a second)', () => {
    const times = Float64Array.from({ length: 3_000_000 }, (_, i) => Date.UTC(2000, 0, 1) + i * 60_000);
    const started = performance.now();
    expect(spacing(times)).toEqual({ step: { unit: 'ms', count: 60_000 }, gaps: 0 });
    // About 50 ms here; generous for a busy machine.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('prints steps in human units', () => {
    expect(describeStep({ unit: 'ms', count: HOUR })).toBe('1 hour');
    expect(describeStep({ unit: 'ms', count: 6 * HOUR })).toBe('6 hours');
    expect(describeStep({ unit: 'ms', count: 90 * 60_000 })).toBe('90 minutes');
    expect(describeStep({ unit: 'ms', count: 1000 })).toBe('1 second');
    expect(describeStep({ unit: 'ms', count: 1500 })).toBe('1500 milliseconds');
    expect(describeStep({ unit: 'day', count: 1 })).toBe('1 day');
    expect(describeStep({ unit: 'day', count: 7 })).toBe('1 week');
    expect(describeStep({ unit: 'day', count: 30 })).toBe('30 days');
    expect(describeStep({ unit: 'month', count: 3 })).toBe('3 months');
    expect(describeStep({ unit: 'year', count: 1 })).toBe('1 year');
  });

  it('steps by calendar months, keeping the end of the month', () => {
    expect(formatTime(addTimeStep(d('2010-03-01'), { unit: 'month', count: 1 }, 2))).toBe('2010-05-01');
    expect(formatTime(addTimeStep(d('2010-01-31'), { unit: 'month', count: 1 }, 1))).toBe('2010-02-28');
    expect(formatTime(addTimeStep(d('2010-04-30'), { unit: 'month', count: 1 }, 1))).toBe('2010-05-31');
    expect(formatTime(addTimeStep(d('2010-01-01'), { unit: 'year', count: 1 }, 3))).toBe('2013-01-01');
    expect(formatTime(addTimeStep(d('2010-12-30'), { unit: 'day', count: 1 }, 3))).toBe('2011-01-02');
    expect(formatTime(addTimeStep(d('1960-01-31'), { unit: 'month', count: 1 }, 1))).toBe('1960-02-29');
    expect(formatTime(addTimeStep(new Date(0).setUTCFullYear(50, 0, 1), { unit: 'year', count: 1 }, 1))).toBe('0051-01-01');
  });

  it('prints a date at midnight UTC, a date-time otherwise', () => {
    expect(formatTime(d('2020-01-01'))).toBe('2020-01-01');
    expect(formatTime(d('2020-01-01') + 90_000)).toBe('2020-01-01T00:01:30.000Z');
  });
});

describe('dates printed at the series\' own step', () => {
  const at = (iso: string): number => Date.parse(iso);
  it('yearly 2009, monthly and quarterly 2009-03, daily 2009-03-14, hourly 2009-03-14 14:00', () => {
    expect(formatTimeAt(at('2009-01-01T00:00:00Z'), { unit: 'year', count: 1 })).toBe('2009');
    expect(formatTimeAt(at('2009-12-31T00:00:00Z'), { unit: 'year', count: 1 })).toBe('2009');
    expect(formatTimeAt(at('2009-06-30T00:00:00Z'), { unit: 'year', count: 1 })).toBe('2009-06');
    expect(formatTimeAt(at('2009-03-01T00:00:00Z'), { unit: 'month', count: 1 })).toBe('2009-03');
    expect(formatTimeAt(at('2009-03-31T00:00:00Z'), { unit: 'month', count: 3 })).toBe('2009-03');
    expect(formatTimeAt(at('2009-03-15T00:00:00Z'), { unit: 'month', count: 1 })).toBe('2009-03-15');
    expect(formatTimeAt(at('2009-03-14T00:00:00Z'), { unit: 'day', count: 1 })).toBe('2009-03-14');
    expect(formatTimeAt(at('2009-03-14T00:00:00Z'), { unit: 'day', count: 7 })).toBe('2009-03-14');
    expect(formatTimeAt(at('2009-03-14T14:00:00Z'), { unit: 'ms', count: 3_600_000 })).toBe('2009-03-14 14:00');
    expect(formatTimeAt(at('2009-03-14T00:00:00Z'), { unit: 'ms', count: 3_600_000 })).toBe('2009-03-14 00:00');
    expect(formatTimeAt(at('2009-03-14T14:00:30Z'), { unit: 'ms', count: 30_000 })).toBe('2009-03-14 14:00:30');
    expect(formatTimeAt(at('2009-03-14T14:00:00.250Z'), { unit: 'ms', count: 250 })).toBe('2009-03-14T14:00:00.250Z');
    expect(formatTimeAt(at('2009-03-14T00:00:00Z'), undefined)).toBe(formatTime(at('2009-03-14T00:00:00Z')));
  });

  it('infers the step from the forecast\'s own dates; one point keeps its stored date', () => {
    const years = ['2009-01-01', '2010-01-01', '2011-01-01'].map((d) => ({ time: at(`${d}T00:00:00Z`), date: d }));
    expect(pointDates(years)).toEqual(['2009', '2010', '2011']);
    const hours = ['T22:00', 'T23:00'].map((h) => ({ time: at(`2009-03-14${h}:00Z`), date: 'x' }));
    expect(pointDates(hours)).toEqual(['2009-03-14 22:00', '2009-03-14 23:00']);
    expect(pointDates([years[0]!])).toEqual(['2009-01-01']);
    expect(pointDates([{ time: 3 }, { time: 4 }])).toEqual([undefined, undefined]);
  });
});
