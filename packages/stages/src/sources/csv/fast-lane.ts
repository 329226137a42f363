/**
 * The lane: once the header is read and the value columns are known (and no `where` filters),
 * most rows are unquoted plain numbers and an ISO time, read here straight from the bytes into
 * the lists, a row per pass, with no per-field bookkeeping. The first row that is anything else
 * (a quote, an empty line, a cell that is not a plain number or ISO time, a row cut off at the
 * bytes read so far) stops the lane at that row's start, and the general path reads it.
 */
import type { Scanner } from './csv-scan.js';
import { isoPrefix, numberPrefix, widePrefix } from './fast-cells.js';
import type { FloatList, OffsetList } from './typed-lists.js';
import type { ByteIds } from './byte-ids.js';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const VALUE = 1;
const TIME = 2;
const SERIES = 3;

/** The series ids of a long-format panel, read in the lane. */
export interface LaneSeries {
  readonly ids: ByteIds;
  /** Each kept row's series. */
  readonly rows: OffsetList;
}

export interface Lane {
  /** Per field of the file: 0 (skipped), VALUE or TIME. */
  readonly kinds: Int8Array;
  /** Per field of the file: its place among the value columns. */
  readonly slots: Int32Array;
  /** One row's values: its length is the number of value columns. */
  readonly row: Float64Array;
  /** Where a time goes when the lane has no time list. */
  readonly time: Float64Array;
  readonly values: FloatList;
  readonly times?: FloatList;
  readonly starts: OffsetList;
  readonly series?: LaneSeries;
}

/** A number or an ISO time read greedily stops at the delimiter only if it cannot be part of either. */
const IN_NUMBERS_OR_TIMES = /[0-9+\-./:TtZz eE ]/;

/** Adds `rows` rows read by runLane to the lists' lengths and the scanner's line. */
export function laneRead(s: Scanner, lane: Lane, rows: number): void {
  lane.values.length += rows * lane.row.length;
  if (lane.times) lane.times.length += rows;
  if (lane.series) lane.series.rows.length += rows;
  lane.starts.length += rows;
  s.line += rows;
}

/** The lane for these value fields and time field, or undefined when a field is both or the delimiter could be read as part of a cell. */
export function makeLane(
  width: number, fields: readonly number[], timeField: number | undefined, seriesField: number | undefined, delimiter: string,
  lists: Pick<Lane, 'values' | 'times' | 'starts' | 'series'>,
): Lane | undefined {
  if ((timeField !== undefined && fields.includes(timeField)) || IN_NUMBERS_OR_TIMES.test(delimiter)) return undefined;
  if (seriesField !== undefined && (fields.includes(seriesField) || seriesField === timeField)) return undefined;
  const kinds = new Int8Array(width);
  const slots = new Int32Array(width);
  fields.forEach((f, j) => {
    kinds[f] = VALUE;
    slots[f] = j;
  });
  if (timeField !== undefined) kinds[timeField] = TIME;
  if (seriesField !== undefined) kinds[seriesField] = SERIES;
  return { kinds, slots, row: new Float64Array(fields.length), time: new Float64Array(1), ...lists };
}

/**
 * Reads up to `max` rows in the lane from s.pos, writing them past the lists' lengths and moving
 * s.pos past them; returns how many, for the caller to add to the lists' lengths and s.line. (Code
 * after a hot loop has no type feedback when the loop is first optimized, and would deoptimize.)
 */
export function runLane(s: Scanner, lane: Lane, max: number): number {
  const buf = s.buf;
  const len = s.limit;
  const delimiter = s.delimiter;
  const { kinds, slots, values, times, starts } = lane;
  const width = kinds.length;
  const columns = lane.row.length;
  // Cells are written straight to their place past the lists' lengths; a row given up on is overwritten.
  const valueData = values.room(max * columns);
  const timeData = times ? times.room(max) : lane.time;
  const startData = starts.room(max);
  const series = lane.series;
  const seriesData = series ? series.rows.room(max) : startData;
  // The last id's bytes and series: a grouped file repeats them row after row, compared, not decoded.
  let idStart = -1;
  let idEnd = -1;
  let idSeries = 0;
  let nv = values.length;
  let nt = times ? times.length : 0;
  let ns = starts.length;
  let pos = s.pos;
  let rows = 0;
  outer: while (rows < max) {
    let p = pos;
    if (p >= len || buf[p] === CR || buf[p] === LF) break;
    for (let f = 0; f < width; f++) {
      const kind = kinds[f];
      let end: number;
      if (kind === VALUE) {
        const at = nv + slots[f]!;
        end = numberPrefix(buf, p, len, valueData, at);
        // Over 15 digits or a large exponent: Number() reads its text (rarely all rows, as numpy writes them).
        if (Number.isNaN(valueData[at]!)) {
          end = widePrefix(buf, p, len, valueData, at);
          if (Number.isNaN(valueData[at]!)) break outer;
        }
      } else if (kind === TIME) {
        end = isoPrefix(buf, p, len, timeData, nt);
        if (Number.isNaN(timeData[nt]!)) break outer;
      } else if (kind === SERIES) {
        end = p;
        let c = 0;
        while (end < len && (c = buf[end]!) !== delimiter && c !== CR && c !== LF) {
          if (c === QUOTE) break outer;
          end++;
        }
        // An id cut off at the bytes read so far is read again with more (never looked up).
        if (end >= len) break outer;
        let same = end - p === idEnd - idStart;
        for (let i = 0; same && i < end - p; i++) same = buf[p + i] === buf[idStart + i];
        if (!same) {
          const id = series!.ids.of(p, end);
          // A missing id is the general path's error.
          if (id < 0) break outer;
          idSeries = id;
          idStart = p;
          idEnd = end;
        }
        seriesData[ns] = idSeries;
      } else {
        end = p;
        let c = 0;
        while (end < len && (c = buf[end]!) !== delimiter && c !== CR && c !== LF) {
          if (c === QUOTE) break outer;
          end++;
        }
      }
      // The field must end here: at the delimiter, or at the line end after the last field.
      const c = buf[end];
      if (f < width - 1) {
        if (end >= len || c !== delimiter) break outer;
        p = end + 1;
      } else {
        // A row must end inside the bytes read, with a line end seen whole (CR LF).
        if (end + 1 >= len || (c !== LF && c !== CR)) break outer;
        p = end + (c === CR && buf[end + 1] === LF ? 2 : 1);
      }
    }
    nv += columns;
    nt++;
    startData[ns++] = pos;
    s.pos = pos = p;
    rows++;
  }
  return rows;
}
