/**
 * The rows of a CSV that the series needs: the file is read into one buffer (the size limit
 * bounds it), hashed and split by the fast byte reader as it is read; the csv-parse reader takes
 * over on the same bytes when the fast one gives up. A file too large for one buffer (over 2 GiB,
 * if SEQPIPE_CSV_MAX_BYTES allows it) is streamed through csv-parse.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { isSeqpipeError, messages, SeqpipeError } from '@seqpipe/core';
import { csvError, displayPath, lineAt, maxBytes, type CsvLayout } from './csv-file.js';
import type { CsvParams } from './csv-params.js';
import { FastReader, MORE } from './fast-rows.js';
import { END, GIVE_UP } from './csv-scan.js';
import { parseRows } from './parse-rows.js';
import { planRows } from './row-plan.js';

export interface CsvRows {
  readonly columns: readonly string[];
  /** Field index in the file of each value column. */
  readonly fields: readonly number[];
  readonly timeField?: number;
  readonly length: number;
  readonly times?: Float64Array;
  /** With a `series` column: each row's series, an index into `ids` (ids in order of first appearance). */
  readonly seriesOf?: Int32Array;
  readonly ids?: readonly string[];
  readonly seriesField?: number;
  /** Row-major, columns.length per row; NaN marks a missing cell. */
  readonly values: Float64Array;
  /** `sha256:<hex>` of exactly the bytes parsed (the source's key must be of these). */
  readonly sha256: string;
  /** The line of row r in the file. */
  line(r: number): number;
  /** Where field `field` of row r is in the file. */
  locate(r: number, field: number): Promise<{ line: number; col: number }>;
}

/** Which reader: `auto` (fast, csv-parse where it gives up) or `csv-parse` alone (for tests comparing them). */
export type CsvReader = 'auto' | 'csv-parse';

/** csv-parse is fed the buffer in pieces of this size, as it was fed the file. */
const SLICE_BYTES = 64 * 1024;
/** The fast reader keeps byte offsets in an Int32Array. */
const FAST_BYTES = 2 ** 31 - 1;

async function* slices(buf: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += SLICE_BYTES) yield buf.subarray(i, i + SLICE_BYTES);
}

/** Bytes per read: each is hashed and split while the next is read. */
const READ_BYTES = 4 * 1024 * 1024;

interface Whole {
  readonly buf: Buffer;
  readonly sha256: string;
  /** The fast reader's rows, when it read them all. */
  readonly rows?: Omit<CsvRows, 'sha256'>;
}

/**
 * The whole file in one buffer and its sha256, read a few MiB at a time; each piece is hashed and
 * split by the fast reader (if any) while the next is read. Undefined when the file is too large
 * for one buffer.
 */
async function readWhole(file: string, fast: ((buf: Buffer, size: number) => FastReader) | undefined, signal?: AbortSignal): Promise<Whole | undefined> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > FAST_BYTES) return undefined;
    // The file grew past the limit since it was checked.
    if (size > maxBytes()) throw new SeqpipeError('E_CSV_TOO_LARGE', messages.E_CSV_TOO_LARGE(displayPath(file), size, maxBytes()), { file: displayPath(file), exitCode: 1 });
    const buf = Buffer.allocUnsafe(size);
    const hash = createHash('sha256');
    const reader = fast?.(buf, size);
    let state = reader ? MORE : GIVE_UP;
    const readAt = (at: number) => handle.read(buf, at, Math.min(READ_BYTES, size - at), at);
    let filled = 0;
    let next = size ? readAt(0) : undefined;
    for (;;) {
      const bytesRead = next ? (await next).bytesRead : 0;
      signal?.throwIfAborted();
      const from = filled;
      filled += bytesRead;
      next = bytesRead && filled < size ? readAt(filled) : undefined;
      hash.update(buf.subarray(from, filled));
      if (state === MORE) state = await reader!.feed(filled, !next, signal);
      if (!next) break;
    }
    return { buf: buf.subarray(0, filled), sha256: `sha256:${hash.digest('hex')}`, ...(state === END ? { rows: reader!.finish() } : {}) };
  } finally {
    await handle.close();
  }
}

/** Physical line n of the buffer (CRLF, LF or CR ends, as readline splits), byte-order mark removed. */
function bufferLine(buf: Buffer, n: number): string | undefined {
  let line = 1;
  let start = 0;
  for (let i = 0; i < buf.length && line < n; i++) {
    const c = buf[i];
    if (c !== 0x0a && c !== 0x0d) continue;
    if (c === 0x0d && buf[i + 1] === 0x0a) i++;
    line++;
    start = i + 1;
  }
  if (line < n) return undefined;
  let end = start;
  while (end < buf.length && buf[end] !== 0x0a && buf[end] !== 0x0d) end++;
  const text = buf.toString('utf8', start, end);
  return n === 1 ? text.replace(/^\uFEFF/, '') : text;
}

export async function readRows(file: string, params: CsvParams, layout: CsvLayout, signal?: AbortSignal, reader: CsvReader = 'auto'): Promise<CsvRows> {
  planRows(file, params, layout); // a column the params name but the file lacks fails before reading
  signal?.throwIfAborted();
  let whole: Whole | undefined;
  try {
    const fast = reader === 'auto' ? (buf: Buffer, size: number) => new FastReader(buf, size, file, params, layout) : undefined;
    whole = await readWhole(file, fast, signal);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || isSeqpipeError(e) || code === 'ABORT_ERR') throw e;
    // Checked a moment ago; gone or unreadable since.
    throw csvError('E_CSV_NOT_FOUND', messages.E_CSV_NOT_FOUND(displayPath(file), code), file);
  }
  signal?.throwIfAborted();
  if (!whole) return parseRows(file, params, layout, createReadStream(file), (n) => lineAt(file, n), signal);
  const { buf, sha256, rows } = whole;
  if (rows) return { ...rows, sha256 };
  // The csv-parse reader alone locates cells as it always did (readline over the file).
  return parseRows(file, params, layout, slices(buf), reader === 'csv-parse' ? (n) => lineAt(file, n) : async (n) => bufferLine(buf, n), signal);
}
