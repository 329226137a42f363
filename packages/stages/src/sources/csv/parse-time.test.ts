import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './parse-time.js';

const iso = (t: number | undefined): string | undefined => (t === undefined ? undefined : new Date(t).toISOString());

describe('parseTimestamp', () => {
  it.each([
    ['2000-01-31', '2000-01-31T00:00:00.000Z'],
    ['2000-01', '2000-01-01T00:00:00.000Z'],
    ['2000/01/31', '2000-01-31T00:00:00.000Z'],
    ['2000-01-31T12:30', '2000-01-31T12:30:00.000Z'],
    ['2000-01-31 12:30:15.25Z', '2000-01-31T12:30:15.250Z'],
    ['2000-01-31T12:30:00+02:00', '2000-01-31T10:30:00.000Z'],
    ['2000-01-31T12:30:00-0130', '2000-01-31T14:00:00.000Z'],
    ['2000', '2000-01-01T00:00:00.000Z'],
    ['Jan 1 2000', '2000-01-01T00:00:00.000Z'],
    ['January 15, 2000', '2000-01-15T00:00:00.000Z'],
    ['Sept 3 2001', '2001-09-03T00:00:00.000Z'],
    ['1 Feb 2000', '2000-02-01T00:00:00.000Z'],
    ['1-Feb-2000', '2000-02-01T00:00:00.000Z'],
    ['Mar 2004', '2004-03-01T00:00:00.000Z'],
    [' Feb 29 2000 ', '2000-02-29T00:00:00.000Z'],
  ])('%s', (text, expected) => expect(iso(parseTimestamp(text))).toBe(expected));

  it.each(['', 'soon', '01/02/2000', '2000-13-01', 'Feb 30 2000', 'Foo 1 2000', '2000-01-01T25:00', '12.5', 'Janx 1 2000'])(
    'refuses %j', (text) => expect(parseTimestamp(text)).toBeUndefined(),
  );
});
