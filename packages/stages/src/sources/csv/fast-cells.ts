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
/** A module constant, not Number.NaN: a property read the optimizer may have no feedback for. */
const NAN = Number.NaN;

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
  let d = 0;
  const from = i;
  while (i < e && (d = buf[i]! - 48) >>> 0 < 10) {
    m = m * 10 + d;
    i++;
  }
  let digits = i - from;
  let exp = 0;
  if (i < e && buf[i] === DOT) {
    const dot = ++i;
    while (i < e && (d = buf[i]! - 48) >>> 0 < 10) {
      m = m * 10 + d;
      i++;
    }
    exp = dot - i;
    digits += i - dot;
  }
  // -0 written as such: negating an integer 0 would deoptimize code that assumed integers.
  const signed = negative ? (m === 0 ? -0 : -m) : m;
  if (i < e && (buf[i]! | 0x20) === 0x65 && digits) return exponentTail(buf, i, e, out, k, signed, digits, exp);
  out[k] = digits === 0 || digits > 15 ? NAN : scaled(signed, exp);
  return i;
}

/** m × 10^exp rounded once (exact operands), else NaN. */
function scaled(m: number, exp: number): number {
  if (exp === 0) return m;
  if (exp > 0 && exp <= 22) return m * POW10[exp]!;
  if (exp < 0 && exp >= -22) return m / POW10[-exp]!;
  return NAN;
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
  out[k] = digits > 15 ? NAN : scaled(m, exp);
  return i;
}

const scratch = new Float64Array(1);

/** The whole of buf[s, e) as a plain number (see numberPrefix), else NaN. */
export function fastNumber(buf: Uint8Array, s: number, e: number): number {
  return numberPrefix(buf, s, e, scratch, 0) === e ? scratch[0]! : NAN;
}

/**
 * numberPrefix for the numbers it leaves (over 15 digits, as numpy and JavaScript print most
 * doubles, or a large exponent): the same grammar, its text read by Number() from a one-byte
 * string, so exactly as readCell reads it; NaN (not a number, or not finite) in out[k]. Returns
 * where the grammar stopped.
 */
export function widePrefix(buf: Buffer, s: number, e: number, out: Float64Array, k: number): number {
  let i = s;
  if (i < e && (buf[i] === MINUS || buf[i] === PLUS)) i++;
  const from = i;
  while (i < e && buf[i]! - 48 >>> 0 < 10) i++;
  let digits = i - from;
  if (i < e && buf[i] === DOT) {
    const dot = ++i;
    while (i < e && buf[i]! - 48 >>> 0 < 10) i++;
    digits += i - dot;
  }
  if (digits && i < e && (buf[i]! | 0x20) === 0x65) {
    let j = i + 1;
    if (j < e && (buf[j] === MINUS || buf[j] === PLUS)) j++;
    const exp = j;
    while (j < e && buf[j]! - 48 >>> 0 < 10) j++;
    if (j > exp) i = j;
  }
  const v = digits ? Number(buf.toString('latin1', s, i)) : NAN;
  out[k] = Number.isFinite(v) ? v : NAN;
  return i;
}

/** The whole of buf[s, e) as a number by widePrefix, else NaN. */
export function wideNumber(buf: Buffer, s: number, e: number): number {
  return widePrefix(buf, s, e, scratch, 0) === e ? scratch[0]! : NAN;
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

/** The last date asked for and its days: consecutive rows mostly share a date. */
let lastDate = -1;
let lastDays = 0;

/** Days from 1970-01-01 to a valid proleptic Gregorian date (month 1-12), else INVALID (a small integer, never boxed). */
function civilDays(y: number, m: number, d: number): number {
  if (m < 1 || d < 1) return INVALID;
  const date = (y * 100 + m) * 100 + d;
  if (date === lastDate) return lastDays;
  lastDate = date;
  return (lastDays = daysOf(y, m, d));
}

function daysOf(y: number, m: number, d: number): number {
  if (m > 12 || d > (m === 2 && leap(y) ? 29 : MONTH_DAYS[m - 1]!)) return INVALID;
  // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * parseTimestamp's ISO forms at the start of buf[s, e), read greedily: `yyyy`, `yyyy-mm`,
 * `yyyy-mm-dd` (`-` or `/`), `yyyy-mm-ddThh:mm[:ss[.f…]][Z|±hh[:]mm]`. Writes the time to out[k]
 * (NaN for an invalid date or a leap second, left to parseTimestamp) and returns where the form
 * ends: a field is that time only if it ends there too (fastTime), so the lane reads a time and
 * finds its field's end in one pass.
 */
export function isoPrefix(buf: Uint8Array, s: number, e: number, out: Float64Array, k: number): number {
  out[k] = NAN;
  const hi = s + 4 <= e ? two(buf, s) : -1;
  const lo = hi < 0 ? -1 : two(buf, s + 2);
  if (lo < 0) return s;
  const y = hi * 100 + lo;
  let i = s + 4;
  const sep = i + 3 <= e ? buf[i] : 0;
  const month = sep === MINUS || sep === SLASH ? two(buf, i + 1) : -1;
  if (month < 0) return day(out, k, civilDays(y, 1, 1), i);
  i += 3;
  const sep2 = i + 3 <= e ? buf[i] : 0;
  const date = sep2 === MINUS || sep2 === SLASH ? two(buf, i + 1) : -1;
  if (date < 0) return day(out, k, civilDays(y, month, 1), i);
  i += 3;
  const days = civilDays(y, month, date);
  const t = i + 6 <= e && sep === MINUS && sep2 === MINUS && buf[i + 3] === COLON ? buf[i] : 0;
  const h = t === 0x54 || t === 0x74 || t === 0x20 ? two(buf, i + 1) : -1;
  const min = h < 0 ? -1 : two(buf, i + 4);
  if (min < 0) return day(out, k, days, i);
  i += 6;
  let sec = 0;
  let ms = 0;
  const ss = i + 3 <= e && buf[i] === COLON ? two(buf, i + 1) : -1;
  if (ss >= 0) {
    sec = ss;
    i += 3;
    const from = i + 1;
    let d = 0;
    if (from < e && buf[i] === DOT && (d = buf[from]! - 48) >= 0 && d <= 9) {
      let j = from;
      while (j < e && j - from < 9 && (d = buf[j]! - 48) >= 0 && d <= 9) {
        if (j - from < 3) ms = ms * 10 + d;
        j++;
      }
      for (let n = j - from; n < 3; n++) ms *= 10;
      i = j;
    }
  }
  let offset = 0;
  const z = i < e ? buf[i] : 0;
  if (z === 0x5a || z === 0x7a) i++;
  else if ((z === PLUS || z === MINUS) && i + 5 <= e) {
    const colon = buf[i + 3] === COLON && i + 6 <= e ? 1 : 0;
    const zh = two(buf, i + 1);
    const zm = two(buf, i + 3 + colon);
    if (zh >= 0 && zm >= 0) {
      offset = (zh * 60 + zm) * 60_000 * (z === PLUS ? 1 : -1);
      i += 5 + colon;
    }
  }
  if (days !== INVALID && h <= 23 && min <= 59 && sec <= 59) out[k] = days * DAY + h * 3_600_000 + min * 60_000 + sec * 1000 + ms - offset;
  return i;
}

/** A date's time (midnight) in out[k] unless invalid; returns `end`. */
function day(out: Float64Array, k: number, days: number, end: number): number {
  if (days !== INVALID) out[k] = days * DAY;
  return end;
}

/** The whole of buf[s, e) as an ISO time (see isoPrefix), else NaN. */
export function fastTime(buf: Uint8Array, s: number, e: number): number {
  return isoPrefix(buf, s, e, scratch, 0) === e ? scratch[0]! : NAN;
}

/** fastTime written to out[k] (unboxed, as numberPrefix). */
export function timeInto(buf: Uint8Array, s: number, e: number, out: Float64Array, k: number): void {
  if (isoPrefix(buf, s, e, out, k) !== e) out[k] = NAN;
}
