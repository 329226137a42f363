/**
 * Timestamps a CSV may hold, read as UTC epoch milliseconds: ISO 8601 dates (`2000-01-31`,
 * `2000-01`) and date-times (`2000-01-31T12:00`, with `Z` or `±hh:mm`, else UTC), a bare year
 * (`2000`), and month-name forms (`Jan 1 2000`, `January 1, 2000`, `1 Jan 2000`, `Jan 2000`).
 * Ambiguous forms such as `01/02/2000` are refused rather than guessed.
 */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthOf(name: string): number | undefined {
  const n = name.toLowerCase();
  const i = MONTHS.indexOf(n.slice(0, 3));
  if (i < 0) return undefined;
  const full = new Date(Date.UTC(2000, i, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' }).toLowerCase();
  return n.length === 3 || full === n || (i === 8 && n === 'sept') ? i : undefined;
}

/** UTC ms for a valid calendar date (month 0-based), else undefined. */
function utc(y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0): number | undefined {
  if (m < 0 || m > 11 || d < 1 || h > 23 || min > 59 || s > 60) return undefined;
  // Not Date.UTC, which reads years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(y, m, d);
  date.setUTCHours(h, min, s, ms);
  return date.getUTCDate() === d ? date.getTime() : undefined;
}

const ISO_DATE = /^(\d{4})[-/](\d{2})(?:[-/](\d{2}))?$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const MONTH_DAY_YEAR = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/;
const DAY_MONTH_YEAR = /^(\d{1,2})[\s-]([A-Za-z]{3,9})\.?,?[\s-](\d{4})$/;
const MONTH_YEAR = /^([A-Za-z]{3,9})\.?,?\s+(\d{4})$/;

export function parseTimestamp(text: string): number | undefined {
  const s = text.trim();
  if (/^\d{4}$/.test(s)) return utc(Number(s), 0, 1);
  let m = ISO_DATE.exec(s);
  if (m) return utc(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1);
  m = ISO_DATE_TIME.exec(s);
  if (m) {
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    const t = utc(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), ms);
    if (t === undefined || !m[8] || m[8].toUpperCase() === 'Z') return t;
    const zone = /^([+-])(\d{2}):?(\d{2})$/.exec(m[8])!;
    const offset = (Number(zone[2]) * 60 + Number(zone[3])) * 60_000;
    return zone[1] === '+' ? t - offset : t + offset;
  }
  m = MONTH_DAY_YEAR.exec(s);
  if (m) {
    const month = monthOf(m[1]!);
    return month === undefined ? undefined : utc(Number(m[3]), month, Number(m[2]));
  }
  m = DAY_MONTH_YEAR.exec(s);
  if (m) {
    const month = monthOf(m[2]!);
    return month === undefined ? undefined : utc(Number(m[3]), month, Number(m[1]));
  }
  m = MONTH_YEAR.exec(s);
  if (m) {
    const month = monthOf(m[1]!);
    return month === undefined ? undefined : utc(Number(m[2]), month, 1);
  }
  return undefined;
}
