import { describe, expect, it } from 'vitest';
import { addTimeStep, formatTime, spacing, stepBetween } from './time-axis.js';

const d = (s: string): number => Date.parse(`${s}T00:00:00Z`);

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

  it('steps by calendar months, keeping the end of the month', () => {
    expect(formatTime(addTimeStep(d('2010-03-01'), { unit: 'month', count: 1 }, 2))).toBe('2010-05-01');
    expect(formatTime(addTimeStep(d('2010-01-31'), { unit: 'month', count: 1 }, 1))).toBe('2010-02-28');
    expect(formatTime(addTimeStep(d('2010-04-30'), { unit: 'month', count: 1 }, 1))).toBe('2010-05-31');
    expect(formatTime(addTimeStep(d('2010-01-01'), { unit: 'year', count: 1 }, 3))).toBe('2013-01-01');
    expect(formatTime(addTimeStep(d('2010-12-30'), { unit: 'day', count: 1 }, 3))).toBe('2011-01-02');
  });

  it('prints a date at midnight UTC, a date-time otherwise', () => {
    expect(formatTime(d('2020-01-01'))).toBe('2020-01-01');
    expect(formatTime(d('2020-01-01') + 90_000)).toBe('2020-01-01T00:01:30.000Z');
  });
});
