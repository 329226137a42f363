/**
 * A byte-level CSV tokenizer that splits records exactly as csv-parse does with source/csv's
 * options (quote and escape `"`, CRLF/LF/CR record ends on any line, empty lines skipped, nothing
 * trimmed) on input csv-parse accepts. Where csv-parse would fail or read something unusual (a
 * quote inside an unquoted field, a closing quote followed by anything but a delimiter or a line
 * end, an unclosed quote) it gives up, and the caller re-reads the same bytes with csv-parse: its
 * errors stay csv-parse's. It also counts physical lines (CRLF, LF or a lone CR, inside quotes
 * too, as readline does), so a cell is located by its own line and column.
 */

import { numberPrefix } from './fast-cells.js';

export const QUOTED = 1;
/** A quoted field holding `""` (read as one `"`). */
export const ESCAPED = 2;

/** nextRecord results. */
export const RECORD = 1;
export const END = 0;
export const GIVE_UP = -1;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export class Scanner {
  /** Next byte to read. */
  pos: number;
  /** Physical line (1-based) of `pos`. */
  line = 1;
  /** The last record: byte offset and line where it starts, its field count. */
  start = 0;
  startLine = 1;
  count = 0;
  /** Per field of the last record: content start, content end (quotes excluded), flags. */
  cells = new Int32Array(3 * 64);
  /** Per field of the last record: its value when an unquoted plain number (see numberPrefix), else NaN. */
  numbers = new Float64Array(64);
  /** 1 for the bytes that end an unquoted field or need a look: the delimiter, CR, LF, a quote. */
  readonly stops = new Uint8Array(256);

  /**
   * How many bytes of buf to split: all of them, or those read so far (FastReader.feed). A record
   * ending at the limit may look past it; the caller reads it again once more bytes are in.
   */
  limit: number;

  constructor(readonly buf: Buffer, readonly delimiter: number, pos = 0, line = 1) {
    this.limit = buf.length;
    this.pos = pos;
    this.line = line;
    for (const c of [delimiter, CR, LF, QUOTE]) this.stops[c] = 1;
  }
}

/**
 * True when the fast reader can split with this delimiter: one byte, not a quote or line end, and
 * not a character of a number (a field's number is read greedily on the way to the delimiter).
 */
export const scannable = (delimiter: string): boolean =>
  delimiter.length === 1 && delimiter.charCodeAt(0) < 0x80 && !/["\r\n0-9+\-.eE]/.test(delimiter);

/** Byte length of a UTF-8 byte-order mark at the start, else 0; -1 for a UTF-16 one (csv-parse re-decodes those). */
export function bomLength(buf: Uint8Array): number {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return 3;
  return buf[0] === 0xff && buf[1] === 0xfe ? -1 : 0;
}

/** Reads the next record into s.cells: RECORD, END at the end of the bytes, or GIVE_UP. */
export function nextRecord(s: Scanner): number {
  const buf = s.buf;
  const len = s.limit;
  const delimiter = s.delimiter;
  const stops = s.stops;
  let pos = s.pos;
  let line = s.line;
  // Empty lines are skipped (a line holding only "" or a delimiter is a record).
  for (;;) {
    if (pos >= len) {
      s.pos = pos;
      s.line = line;
      return END;
    }
    const c = buf[pos];
    if (c === LF) pos++;
    else if (c === CR) pos += buf[pos + 1] === LF ? 2 : 1;
    else break;
    line++;
  }
  s.start = pos;
  s.startLine = line;
  let cells = s.cells;
  let numbers = s.numbers;
  let n = 0;
  for (;;) {
    if (3 * n + 3 > cells.length) {
      const grown = new Int32Array(cells.length * 2);
      grown.set(cells);
      cells = s.cells = grown;
      const more = new Float64Array(numbers.length * 2);
      more.set(numbers);
      numbers = s.numbers = more;
    }
    let c = buf[pos];
    if (c === QUOTE) {
      let flags = QUOTED;
      const first = ++pos;
      for (;;) {
        if (pos >= len) return GIVE_UP; // quote not closed
        c = buf[pos]!;
        if (c === QUOTE) {
          if (buf[pos + 1] !== QUOTE) break;
          flags |= ESCAPED;
          pos += 2;
          continue;
        }
        if (c === LF || (c === CR && buf[pos + 1] !== LF)) line++;
        pos++;
      }
      cells[3 * n] = first;
      cells[3 * n + 1] = pos;
      cells[3 * n + 2] = flags;
      numbers[n] = Number.NaN;
      n++;
      c = buf[++pos];
      // csv-parse accepts a closing quote only before a delimiter, a line end or the end.
      if (pos < len && c !== delimiter && c !== CR && c !== LF) return GIVE_UP;
    } else {
      const first = pos;
      // Its number is read on the way (one pass over the bytes): kept if the field ends there.
      const end = (pos = numberPrefix(buf, pos, len, numbers, n));
      while (pos < len && stops[buf[pos]!] === 0) pos++;
      if (buf[pos] === QUOTE) return GIVE_UP; // a quote inside an unquoted field
      if (pos !== end) numbers[n] = Number.NaN;
      cells[3 * n] = first;
      cells[3 * n + 1] = pos;
      cells[3 * n + 2] = 0;
      n++;
    }
    if (pos >= len) break;
    if (buf[pos] === delimiter) {
      pos++;
      continue;
    }
    pos += buf[pos] === CR && buf[pos + 1] === LF ? 2 : 1;
    line++;
    break;
  }
  s.pos = pos;
  s.line = line;
  s.count = n;
  return RECORD;
}

/** Line breaks in buf[from, to): CRLF, LF or a lone CR (readline's lines). */
export function lineBreaks(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c === LF || (c === CR && buf[i + 1] !== LF)) n++;
  }
  return n;
}

/**
 * Line and 1-based column (in UTF-16 units, as an editor counts) where field `field` of the
 * record starting at byte `start` on line `line` begins (at its opening quote when quoted).
 */
export function fieldPosition(buf: Buffer, delimiter: number, start: number, line: number, field: number): { line: number; col: number } {
  const s = new Scanner(buf, delimiter, start, line);
  nextRecord(s);
  const at = field < s.count ? s.cells[3 * field]! - (s.cells[3 * field + 2]! & QUOTED) : start;
  let lineStart = start;
  for (let i = start; i < at; i++) {
    const c = buf[i];
    if (c === LF || (c === CR && buf[i + 1] !== LF)) lineStart = i + 1;
  }
  line += lineBreaks(buf, start, at);
  return { line, col: buf.toString('utf8', lineStart, at).length + 1 };
}

/** A field's text as csv-parse gives it: UTF-8, `""` inside quotes read as `"`. */
export function cellText(buf: Buffer, s: number, e: number, flags: number): string {
  const text = buf.toString('utf8', s, e);
  return flags & ESCAPED ? text.replaceAll('""', '"') : text;
}
