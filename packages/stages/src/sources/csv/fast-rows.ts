/**
 * The fast reader: splits the file's bytes with the Scanner as they are read and reads cells from
 * the bytes (fast-cells, and the lane for the common rows), keeping what the csv-parse reader
 * keeps, row for row. It gives up (GIVE_UP: the caller hands the same bytes to csv-parse) wherever
 * csv-parse would fail or read unusually; so a data error found here is held until the rest of the
 * file is known to be well-formed, as csv-parse reports a malformed record before the rows it has
 * not yet handed on. Between chunks of rows it lets the event loop run and checks the abort signal.
 */
import { messages } from '@seqpipe/core';
import { readCell } from './cells.js';
import { csvError, type CsvLayout } from './csv-file.js';
import type { CsvParams } from './csv-params.js';
import type { CsvRows } from './csv-rows.js';
import { bomLength, cellText, ESCAPED, fieldPosition, GIVE_UP, lineBreaks, nextRecord, QUOTED, RECORD, scannable, Scanner } from './csv-scan.js';
import { fastNumber, timeInto, wideNumber } from './fast-cells.js';
import { laneRead, makeLane, runLane, type Lane } from './fast-lane.js';
import { FloatList, OffsetList } from './typed-lists.js';
import { parseTimestamp } from './parse-time.js';
import { duplicateName, noColumns, noRows, noSeriesId, numericFields, planRows, SAMPLE, TIMESTAMP, type RowPlan } from './row-plan.js';
import { SeriesIds } from '../panel-rows.js';
import { ByteIds } from './byte-ids.js';
import { WhereFilter } from './where-filter.js';

/** Records read between two turns of the event loop (and abort checks): a few milliseconds. */
const CHUNK = 32 * 1024;
/** Distinct time strings not in an ISO form remembered with their parse (month-name dates repeat in long files). */
const TIME_CACHE = 4096;

/** A record kept aside (the sample that decides the value columns). */
interface Held {
  readonly cells: Int32Array;
  readonly numbers: Float64Array;
  readonly start: number;
  readonly line: number;
}

/** feed(): more bytes are needed to go on. */
export const MORE = 2;

export class FastReader {
  /** Made once the first bytes show whether there is a byte-order mark. */
  private scanner?: Scanner;
  /** Whether every byte has been fed. */
  private complete = false;
  private chunks = 0;
  private bom = 0;
  readonly plan: RowPlan;
  fields?: readonly number[];
  /** Field count of every record (the first one's). */
  width = -1;
  first = true;
  /** The first data error, thrown once the whole file has split cleanly. */
  failure?: unknown;
  readonly pending: Held[] = [];
  readonly times?: FloatList;
  readonly values = new FloatList();
  /** With a `series` column: each kept row's series (an index into ids.ids). */
  readonly seriesOf?: OffsetList;
  readonly ids = new SeriesIds();
  /** Where each kept row starts in the bytes. */
  readonly starts = new OffsetList();
  /** (byte offset, line) where each chunk of records began: a row's line is counted from the nearest. */
  readonly marks: number[] = [];
  readonly where?: WhereFilter;
  readonly timeCache = new Map<string, number | undefined>();
  readonly scratch = new Float64Array(1);
  /** Set once rows need nothing but keep (header read, no where, columns known). */
  private lane?: Lane;
  private laneChecked = false;

  /** `buf` is filled by the caller as it reads the `total` bytes, and fed to this reader as they come. */
  constructor(readonly buf: Buffer, readonly total: number, readonly file: string, readonly params: CsvParams, readonly layout: CsvLayout) {
    this.plan = planRows(file, params, layout);
    this.fields = this.plan.fields;
    if (this.plan.timeField !== undefined) this.times = new FloatList();
    if (this.plan.seriesField !== undefined) this.seriesOf = new OffsetList();
    if (this.plan.where.length) this.where = new WhereFilter(buf, this.plan);
  }

  /** Sizes the lists from the rows kept so far and the bytes read so far (spares regrowing them). */
  reserve(): void {
    const s = this.scanner!;
    const read = s.pos - this.bom;
    if (!read || s.pos >= this.total) return;
    const rows = Math.ceil((this.starts.length * (this.total - this.bom)) / read * 1.05) + 16;
    for (const list of [this.times, this.starts, this.seriesOf]) list?.reserve(rows);
    this.values.reserve(rows * (this.fields?.length ?? 1));
  }

  /**
   * Reads the records in the first `filled` bytes (`complete` when that is all of them), a chunk
   * at a time with a turn of the event loop between (so an abort can arrive mid-read): MORE when
   * it needs the next bytes, END, or GIVE_UP (csv-parse must read these bytes).
   */
  async feed(filled: number, complete: boolean, signal?: AbortSignal): Promise<number> {
    this.complete = complete;
    // A file that shrank while read: the scanner would look past its end into stale bytes.
    if (complete && filled < this.buf.length) return GIVE_UP;
    if (!this.scanner) {
      if (filled < 3 && !complete) return MORE;
      this.bom = bomLength(this.buf.subarray(0, filled));
      if (this.bom < 0 || !scannable(this.layout.delimiter)) return GIVE_UP;
      this.scanner = new Scanner(this.buf, this.layout.delimiter.charCodeAt(0), this.bom);
    }
    this.scanner.limit = filled;
    for (;;) {
      signal?.throwIfAborted();
      const r = this.step(CHUNK);
      if (this.chunks++ === 0) this.reserve();
      if (r !== RECORD) return r;
      await new Promise(setImmediate);
    }
  }

  /** Reads up to `max` records: RECORD (go on), MORE, END, or GIVE_UP. */
  private step(max: number): number {
    const s = this.scanner!;
    this.marks.push(s.pos, s.line);
    for (let k = 0; k < max; k++) {
      if (this.lane && this.failure === undefined) {
        const rows = runLane(s, this.lane, max - k);
        laneRead(s, this.lane, rows);
        if ((k += rows) >= max) break;
      }
      const pos = s.pos;
      const line = s.line;
      const r = nextRecord(s);
      // Before the last bytes, a record reaching the end of those read may be cut short: read it again with more.
      if (!this.complete && (r !== RECORD || s.pos >= s.limit)) {
        s.pos = pos;
        s.line = line;
        return MORE;
      }
      if (r !== RECORD) return r;
      if (s.count !== this.width) {
        // Uneven records are csv-parse's error; a first record unlike the layout's line is unusual.
        if (this.width >= 0 || s.count !== this.layout.names.length) return GIVE_UP;
        this.width = s.count;
      }
      if (this.failure !== undefined) continue;
      try {
        this.record(s.cells, s.numbers, s.start, s.startLine);
      } catch (e) {
        this.failure = e;
      }
    }
    return RECORD;
  }

  private record(cells: Int32Array, numbers: Float64Array, start: number, line: number): void {
    if (this.first) {
      this.first = false;
      if (this.layout.header) return this.header(cells, start, line);
    }
    if (this.where && !this.where.passes(cells)) return;
    if (!this.fields) {
      this.pending.push({ cells: cells.slice(0, 3 * this.width), numbers: numbers.slice(0, this.width), start, line });
      if (this.pending.length < SAMPLE) return;
      this.fields = this.decide();
      if (!this.fields.length) throw noColumns(this.file, ` in the first ${SAMPLE} rows`);
      for (const p of this.pending.splice(0)) this.keep(p.cells, p.numbers, p.start, p.line);
      return;
    }
    this.keep(cells, numbers, start, line);
    if (!this.laneChecked) {
      this.laneChecked = true;
      const lists = { values: this.values, starts: this.starts, ...(this.times ? { times: this.times } : {}), ...(this.seriesOf ? { series: { ids: new ByteIds(this.buf, this.ids, (a, b) => this.buf.toString('utf8', a, b)), rows: this.seriesOf } } : {}) };
      if (!this.plan.where.length) this.lane = makeLane(this.width, this.fields, this.plan.timeField, this.plan.seriesField, this.layout.delimiter, lists);
    }
  }

  private header(cells: Int32Array, start: number, line: number): void {
    const names = Array.from({ length: this.width }, (_, f) => this.text(cells, f));
    const dup = duplicateName(names);
    if (dup >= 0) throw csvError('E_CSV_PARSE', messages.E_CSV_PARSE(`column name "${names[dup]!.trim()}" appears twice in the header`), this.file, ...this.at(start, line, dup));
  }

  private decide(): number[] {
    return numericFields(this.layout, this.plan, this.pending.length, (r, f) => {
      const { cells, numbers } = this.pending[r]!;
      return Number.isNaN(this.number(cells, numbers, f)) ? readCell(this.text(cells, f)).kind : 'number';
    });
  }

  /** The cell as a number read from its bytes (quoted or not; over 15 digits by Number()), else NaN: readCell's number, if it has one. */
  private number(cells: Int32Array, numbers: Float64Array, f: number): number {
    let v = numbers[f]!;
    const flags = cells[3 * f + 2]!;
    if (v === v || flags & ESCAPED) return v;
    const [s, e] = [cells[3 * f]!, cells[3 * f + 1]!];
    if (flags === QUOTED && (v = fastNumber(this.buf, s, e)) === v) return v;
    return wideNumber(this.buf, s, e);
  }

  private keep(cells: Int32Array, numbers: Float64Array, start: number, line: number): void {
    const buf = this.buf;
    if (this.seriesOf) {
      const f = this.plan.seriesField!;
      const id = this.text(cells, f).trim();
      if (id === '') throw noSeriesId(this.file, this.layout.names[f]!, ...this.at(start, line, f));
      this.seriesOf.push(this.ids.of(id));
    }
    if (this.times) {
      const f = this.plan.timeField!;
      const scratch = this.scratch;
      if (cells[3 * f + 2]! & ESCAPED) scratch[0] = Number.NaN;
      else timeInto(buf, cells[3 * f]!, cells[3 * f + 1]!, scratch, 0);
      if (Number.isNaN(scratch[0]!)) scratch[0] = this.slowTime(cells, start, line, f);
      this.times.push(scratch[0]!);
    }
    const fields = this.fields!;
    for (let j = 0; j < fields.length; j++) {
      const f = fields[j]!;
      let v = numbers[f]!;
      if (v !== v) v = this.number(cells, numbers, f);
      if (v !== v) v = this.slowValue(cells, start, line, f);
      this.values.push(v);
    }
    this.starts.push(start);
  }

  private slowTime(cells: Int32Array, start: number, line: number, f: number): number {
    const text = this.text(cells, f);
    let t = this.timeCache.get(text);
    if (t === undefined && !this.timeCache.has(text)) {
      if (this.timeCache.size >= TIME_CACHE) this.timeCache.clear();
      this.timeCache.set(text, (t = parseTimestamp(text)));
    }
    if (t === undefined) throw this.bad(start, line, f, text, TIMESTAMP);
    return t;
  }

  /** readCell's verdict on a cell the fast path did not read: its number, NaN if missing, or the error. */
  private slowValue(cells: Int32Array, start: number, line: number, f: number): number {
    const text = this.text(cells, f);
    const cell = readCell(text);
    if (cell.kind === 'number') return cell.value;
    if (cell.kind !== 'missing') throw this.bad(start, line, f, text, cell.kind === 'infinite' ? 'a finite number' : 'a number');
    if (this.params.missing === 'error') {
      throw csvError('E_CSV_MISSING_VALUE', messages.E_CSV_MISSING_VALUE(this.layout.names[f]!, '; set missing: drop, ffill or interpolate to accept gaps'), this.file, ...this.at(start, line, f));
    }
    return Number.NaN;
  }

  private bad(start: number, line: number, f: number, cell: string, expected: string) {
    return csvError('E_CSV_VALUE', messages.E_CSV_VALUE(this.layout.names[f]!, cell, expected), this.file, ...this.at(start, line, f));
  }

  private text(cells: Int32Array, f: number): string {
    return cellText(this.buf, cells[3 * f]!, cells[3 * f + 1]!, cells[3 * f + 2]!);
  }

  at(start: number, line: number, f: number): [number, number] {
    const p = fieldPosition(this.buf, this.scanner!.delimiter, start, line, f);
    return [p.line, p.col];
  }

  /** The line of a record starting at byte `start`, counted from the last mark before it. */
  lineOf(start: number): number {
    const marks = this.marks;
    let lo = 0;
    let hi = marks.length / 2 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (marks[2 * mid]! <= start) lo = mid;
      else hi = mid - 1;
    }
    return marks[2 * lo + 1]! + lineBreaks(this.buf, marks[2 * lo]!, start);
  }

  /** After the last record (feed returned END): the held error, or the rows. */
  finish(): Omit<CsvRows, 'sha256'> {
    if (this.failure !== undefined) throw this.failure;
    if (!this.fields) {
      this.fields = this.decide();
      if (!this.fields.length && this.pending.length) throw noColumns(this.file, '');
      for (const p of this.pending.splice(0)) this.keep(p.cells, p.numbers, p.start, p.line);
    }
    if (!this.starts.length) throw noRows(this.file, this.plan);
    const { fields, layout, starts } = this;
    const timeField = this.plan.timeField;
    return {
      columns: fields.map((f) => layout.names[f]!), fields, length: starts.length, values: this.values.toArray(),
      ...(this.times ? { times: this.times.toArray(), timeField: timeField! } : {}),
      ...(this.seriesOf ? { seriesOf: this.seriesOf.toArray(), ids: this.ids.ids, seriesField: this.plan.seriesField! } : {}),
      line: (r) => this.lineOf(starts.at(r)),
      locate: async (r, field) => {
        const [line, col] = this.at(starts.at(r), this.lineOf(starts.at(r)), field);
        return { line, col };
      },
    };
  }
}
