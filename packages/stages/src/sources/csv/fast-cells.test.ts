/** The byte readers agree with the string ones wherever they answer, and answer for the common forms. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCell } from './cells.js';
import { fastNumber, fastTime, wideNumber } from './fast-cells.js';
import { parseTimestamp } from './parse-time.js';

const bytes = (s: string): Buffer => Buffer.from(s);
const number = (s: string): number => fastNumber(bytes(s), 0, Buffer.byteLength(s));
const wide = (s: string): number => wideNumber(bytes(s), 0, Buffer.byteLength(s));
const time = (s: string): number => fastTime(bytes(s), 0, Buffer.byteLength(s));
const pick = (chars: string) => fc.constantFrom(...chars.split(''));
const text = (chars: string, max: number) => fc.array(pick(chars), { maxLength: max }).map((cs) => cs.join(''));

/**
 * fastNumber(s) and wideNumber(s) are NaN or exactly readCell's number (-0 included); wideNumber
 * has it whenever readCell does, but for spaces around it (which readCell trims).
 */
function agreesOnNumber(s: string): void {
  const cell = readCell(s);
  const expected = cell.kind === 'number' ? cell.value : Number.NaN;
  if (s === s.trim() || !Number.isNaN(wide(s))) expect(Object.is(wide(s), expected), `wide ${s}: ${wide(s)}`).toBe(true);
  const v = number(s);
  if (Number.isNaN(v)) return;
  expect(Object.is(v, expected), `${s}: ${v}`).toBe(true);
}

/** fastTime(s) is NaN, or exactly parseTimestamp's time. */
function agreesOnTime(s: string): void {
  const t = time(s);
  if (Number.isNaN(t)) return;
  expect(t, s).toBe(parseTimestamp(s));
}

describe('fastNumber', () => {
  it('reads the common forms as Number() does', () => {
    for (const s of ['0', '-0', '+3', '007', '5.', '.5', '-12.25', '0.123456', '1e5', '1E-3', '-2.5e+10', '123456789012345', '9.99999999999999e22', '-1.5e-21']) {
      expect(Object.is(number(s), Number(s)), s).toBe(true);
    }
  });

  it('wideNumber reads what fastNumber leaves: 16-17 digits (numpy, JavaScript), large exponents', () => {
    for (const s of ['0.30000000000000004', '-142.85714285714286', '1e-30', '12345678901234567890', '1.7976931348623157e308']) expect(wide(s), s).toBe(Number(s));
    for (const s of ['1e999', ' 1', 'NaN', '', '-', '1e', '0x10']) expect(wide(s), s).toBeNaN();
  });

  it('leaves to readCell what it does not read (NaN)', () => {
    for (const s of ['', ' 1', '1 ', '.', '-', '+', '1e', '1e+', '1.2.3', '0x10', 'NaN', 'Inf', '1e999', '1234567890123456', '1,5', '١']) expect(number(s), s).toBeNaN();
  });

  it('agrees with readCell on generated number-like text', () => {
    fc.assert(fc.property(text('0123456789.eE+- x', 24), (s) => agreesOnNumber(s)), { numRuns: 5000 });
    fc.assert(fc.property(fc.double({ noNaN: true }), (x) => {
      for (const s of [String(x), x.toFixed(6), x.toExponential(3), x.toPrecision(15)]) agreesOnNumber(s);
    }), { numRuns: 3000 });
    // Exact in the fast range: every 15-digit mantissa at every small exponent.
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.integer({ min: -40, max: 40 }), (m, e) => {
      const s = `${m}e${e}`;
      agreesOnNumber(s);
      if (e >= -22 && e <= 22 && m !== 0n) expect(number(s), s).toBe(Number(s));
    }), { numRuns: 3000 });
  });
});

describe('fastTime', () => {
  it('reads the ISO forms as parseTimestamp does', () => {
    for (const s of ['2000', '2000-02', '2000/02/29', '2000-01/31', '0000-01-01', '9999-12-31', '1600-02-29', '1969-12-31T23:59', '2000-01-31T12:30:15',
      '2000-01-31t12:30:15.5z', '2000-01-31 12:30:15.123456789', '2000-01-31T12:30:00+02:00', '2000-01-31T12:30-0130']) {
      expect(time(s), s).toBe(parseTimestamp(s));
    }
  });

  it('leaves to parseTimestamp the rest (NaN), valid or not', () => {
    for (const s of ['Jan 1 2000', ' 2000', '2000 ', '2000-1-1', '1900-02-29', '2000-13-01', '2000-00-10', '2000-04-31', '2000-01-01T24:00', '2000-01-01T23:59:60',
      '2000/01/01T00:00', '2000-01-01T00:00:00.', '2000-01-01T00:00:00.1234567890', '2000-01-01T00:00+5', '20000']) expect(time(s), s).toBeNaN();
  });

  it('agrees with parseTimestamp on generated date-like text', () => {
    const digits = (n: number) => text('0123456789', n).filter((d) => d.length === n);
    const part = fc.oneof(digits(2), text('0123456789', 3));
    const iso = fc.tuple(digits(4), pick('-/'), part, pick('-/'), part, pick('Tt x'), part, pick(':'), part, fc.option(fc.tuple(pick(':'), part, fc.option(fc.tuple(pick('.'), text('0123456789', 11))))),
      fc.option(fc.oneof(pick('Zz'), fc.tuple(pick('+-'), part, fc.option(pick(':')), part).map((z) => z.join('')))))
      .chain((parts) => fc.integer({ min: 4, max: 40 }).map((cut) => parts.flat(3).filter((p) => p !== null).join('').slice(0, cut)));
    fc.assert(fc.property(iso, (s) => agreesOnTime(s)), { numRuns: 10000 });
    fc.assert(fc.property(text('0123456789-/:T .Z+', 30), (s) => agreesOnTime(s)), { numRuns: 5000 });
    fc.assert(fc.property(fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (d) => {
      const s = d.toISOString();
      if (!s.startsWith('-') && !s.startsWith('+')) {
        for (const form of [s, s.slice(0, 10), s.slice(0, 16), s.slice(0, 19), s.slice(0, 7), s.slice(0, 4)]) expect(time(form), form).toBe(parseTimestamp(form));
      }
    }), { numRuns: 3000 });
  });
});
