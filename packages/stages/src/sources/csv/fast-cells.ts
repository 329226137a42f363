/**
 * Cells read straight from the file's bytes, without making a string, for the common forms only:
 * a plain decimal number, an ISO date or date-time. Each returns NaN for anything else (spaces,
 * NA, text, 16+ digits, a leap second, …), and the caller reads that cell's text with readCell or
 * parseTimestamp: a fast result always equals theirs, and only they decide what is wrong.
 */
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const SLASH = 0x2f;
const COLON = 0x3a;
const DAY = 86_400_000;

/** Exact powers of ten: a mantissa under 2^53 times or over one of them rounds once, correctly. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * The plain number at the start of buf[s, e): `[+-]digits[.digits][e[+-]digits]`, as Number()
 * reads it when it has at most 15 digits and a small exponent, else NaN, written to out[k]
 * (a double returned from a call would be boxed, 6 million times); returns where it stopped.
 * The scanner reads a field's number on its way to the field's end with it.
 */
export function numberPrefix(buf: Uint8Array, s: number, e: number, out: Float64Array, k: number): number {
  // Small enough for V8 to inline into the scanner; an exponent goes to exponentTail.
  let i = s;
  const negative = buf[i] === MINUS;
  if (i < e && (negative || buf[i] === PLUS)) i++;
  let m = 0;
  let digits = 0;
  let exp = 0;
  let d = 0;
  while (i < e && (d = buf[i]! - 48) >= 0 && d <= 9) {
    m = m * 10 + d;
    digits++;
    i++;
  }
  if (i < e && buf[i] === DOT) {
    i++;
    while (i < e && (d = buf[i]! - 48) >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
      exp--;
      i++;
    }
  }
  if (i < e && (buf[i]! | 0x20) === 0x65 && digits) return exponentTail(buf, i, e, out, k, negative ? -m : m, digits, exp);
  out[k] = digits === 0 || digits > 15 ? Number.NaN : scaled(negative ? -m : m, exp);
  return i;
}

/** m × 10^exp rounded once (exact operands), else NaN. */
function scaled(m: number, exp: number): number {
  if (exp === 0) return m;
  if (exp > 0 && exp <= 22) return m * POW10[exp]!;
  if (exp < 0 && exp >= -22) return m / POW10[-exp]!;
  return Number.NaN;
}

/** numberPrefix past an `e` or `E` at i: an exponent when digits follow, else the number ends before it. */
function exponentTail(buf: Uint8Array, i: number, e: number, out: Float64Array, k: number, m: number, digits: number, exp: number): number {
  let j = i + 1;
  const negative = buf[j] === MINUS;
  if (j < e && (negative || buf[j] === PLUS)) j++;
  let x = 0;
  let d = 0;
  const from = j;
  while (j < e && (d = buf[j]! - 48) >= 0 && d <= 9) {
    if (x < 1000) x = x * 10 + d;
    j++;
  }
  if (j > from) {
    exp += negative ? -x : x;
    i = j;
  }
  out[k] = digits > 15 ? Number.NaN : scaled(m, exp);
  return i;
}

const scratch = new Float64Array(1);

/** The whole of buf[s, e) as a plain number (see numberPrefix), else NaN. */
export function fastNumber(buf: Uint8Array, s: number, e: number): number {
  return numberPrefix(buf, s, e, scratch, 0) === e ? scratch[0]! : Number.NaN;
}

/** Two ASCII digits at i as a number, else -1. */
function two(buf: Uint8Array, i: number): number {
  const a = buf[i]! - 48;
  const b = buf[i + 1]! - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

const leap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const INVALID = -(2 ** 30);

/** Days from 1970-01-01 to a valid proleptic Gregorian date (month 1-12), else INVALID (a small integer, never boxed). */
function civilDays(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || d > (m === 2 && leap(y) ? 29 : MONTH_DAYS[m - 1]!)) return INVALID;
  // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * parseTimestamp's ISO forms from bytes: `yyyy`, `yyyy-mm`, `yyyy-mm-dd` (`-` or `/`), and
 * `yyyy-mm-ddThh:mm[:ss[.fff]][Z|±hh[:]mm]`; NaN for anything else or an invalid date.
 */
export function fastTime(buf: Uint8Array, s: number, e: number): number {
  isoTime(buf, s, e);
  return scratch[0]!;
}

/** fastTime written to out[k] (unboxed, as numberPrefix). */
export function timeInto(buf: Uint8Array, s: number, e: number, out: Float64Array, k: number): void {
  isoTime(buf, s, e);
  out[k] = scratch[0]!;
}

/** Puts a time in the scratch cell: the value never crosses a call boxed. */
function put(v: number): number {
  scratch[0] = v;
  return 0;
}

function isoTime(buf: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 4) return put(Number.NaN);
  const hi = two(buf, s);
  const lo = two(buf, s + 2);
  if (hi < 0 || lo < 0) return put(Number.NaN);
  const y = hi * 100 + lo;
  if (n === 4) return put(civilDays(y, 1, 1) * DAY);
  const sep = buf[s + 4];
  if (n < 7 || (sep !== MINUS && sep !== SLASH)) return put(Number.NaN);
  const month = two(buf, s + 5);
  if (n === 7) {
    const days = civilDays(y, month, 1);
    return put(days === INVALID ? Number.NaN : days * DAY);
  }
  const sep2 = buf[s + 7];
  if (n < 10 || (sep2 !== MINUS && sep2 !== SLASH)) return put(Number.NaN);
  const days = civilDays(y, month, two(buf, s + 8));
  if (days === INVALID) return put(Number.NaN);
  const day = days * DAY;
  if (n === 10) return put(day);
  const t = buf[s + 10];
  if (n < 16 || sep !== MINUS || sep2 !== MINUS || (t !== 0x54 && t !== 0x74 && t !== 0x20) || buf[s + 13] !== COLON) return put(Number.NaN);
  const h = two(buf, s + 11);
  const min = two(buf, s + 14);
  if (h < 0 || h > 23 || min < 0 || min > 59) return put(Number.NaN);
  let i = s + 16;
  let sec = 0;
  let ms = 0;
  if (i < e && buf[i] === COLON) {
    // A leap second (:60) is left to parseTimestamp.
    if (i + 3 > e || (sec = two(buf, i + 1)) < 0 || sec > 59) return put(Number.NaN);
    i += 3;
    if (i < e && buf[i] === DOT) {
      const from = ++i;
      let d = 0;
      while (i < e && (d = buf[i]! - 48) >= 0 && d <= 9) {
        if (i - from < 3) ms = ms * 10 + d;
        i++;
      }
      if (i === from || i - from > 9) return put(Number.NaN);
      for (let k = i - from; k < 3; k++) ms *= 10;
    }
  }
  const time = day + h * 3_600_000 + min * 60_000 + sec * 1000 + ms;
  if (i === e) return put(time);
  const z = buf[i];
  if ((z === 0x5a || z === 0x7a) && i + 1 === e) return put(time);
  if ((z !== PLUS && z !== MINUS) || i + 3 > e) return put(Number.NaN);
  const zh = two(buf, i + 1);
  let j = i + 3;
  if (buf[j] === COLON && j < e) j++;
  if (zh < 0 || j + 2 !== e) return put(Number.NaN);
  const zm = two(buf, j);
  if (zm < 0) return put(Number.NaN);
  const offset = (zh * 60 + zm) * 60_000;
  return put(z === PLUS ? time - offset : time + offset);
}
