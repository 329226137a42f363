/**
 * The CSV file before parsing: where it is, whether it may be read (exists, under the size
 * limit, not empty), and its layout from the first line alone (delimiter, header, column names).
 * `inspect` uses only this, so `validate` never reads the whole file.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { messages, SeqpipeError } from '@seqpipe/core';
import { isNumberCell } from './cells.js';
import type { CsvParams } from './csv-params.js';
import { parseTimestamp } from './parse-time.js';

/** Files above this many bytes are refused (E_CSV_TOO_LARGE); SEQPIPE_CSV_MAX_BYTES overrides it. */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
export function maxBytes(): number {
  const v = Number(process.env.SEQPIPE_CSV_MAX_BYTES);
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_MAX_BYTES;
}

/** How a file is named in messages: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

export const resolveCsvPath = (path: string, pipelineDir: string): string => resolve(pipelineDir, path);

/** A coded error located in the CSV file itself. */
export function csvError(code: keyof typeof messages, message: string, file: string, line?: number, col?: number): SeqpipeError {
  return new SeqpipeError(code, message, { file: displayPath(file), ...(line ? { line, col: col ?? 1 } : {}), exitCode: 1 });
}

/** Throws E_CSV_NOT_FOUND / E_CSV_TOO_LARGE / E_CSV_EMPTY (unlocated: the caller places them). */
export async function checkFile(file: string): Promise<number> {
  const shown = displayPath(file);
  const info = await stat(file).catch((e: NodeJS.ErrnoException) => {
    throw new SeqpipeError('E_CSV_NOT_FOUND', messages.E_CSV_NOT_FOUND(shown, e.code === 'ENOENT' ? 'no such file' : (e.code ?? e.message)), { exitCode: 1 });
  });
  if (!info.isFile()) throw new SeqpipeError('E_CSV_NOT_FOUND', messages.E_CSV_NOT_FOUND(shown, 'not a regular file'), { exitCode: 1 });
  const limit = maxBytes();
  if (info.size > limit) throw new SeqpipeError('E_CSV_TOO_LARGE', messages.E_CSV_TOO_LARGE(shown, info.size, limit), { exitCode: 1 });
  return info.size;
}

export interface CsvLayout {
  readonly delimiter: string;
  readonly header: boolean;
  /** Column names: the header's, or column1, column2, … */
  readonly names: readonly string[];
}

const CANDIDATES = [',', ';', '\t', '|'];
const HEAD_BYTES = 1024 * 1024;

/** The first non-empty line (BOM removed), reading at most 1 MiB. */
async function firstLine(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    // Line by line, not a split of the whole MiB (tens of thousands of strings for one line).
    const ends = /\r\n|\n|\r/g;
    for (let start = 0; start < text.length; start = ends.lastIndex) {
      const m = ends.exec(text);
      const line = text.slice(start, m ? m.index : text.length);
      if (line.trim() !== '') return line;
      if (!m) break;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/** Splits one line on `delimiter` outside quotes, unquoting fields (enough for a header line). */
export function splitLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') {
      if (inQuotes && line[i + 1] === '"') field += line[++i];
      else inQuotes = !inQuotes;
    } else if (c === delimiter && !inQuotes) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

function detectDelimiter(line: string): string {
  let best = ',';
  let bestCount = 0;
  for (const d of CANDIDATES) {
    const count = splitLine(line, d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/** Reads the first line only. Throws E_CSV_EMPTY for a file with no line at all. */
export async function readLayout(file: string, params: Pick<CsvParams, 'delimiter' | 'header'>): Promise<CsvLayout> {
  const line = await firstLine(file);
  if (line === undefined) throw new SeqpipeError('E_CSV_EMPTY', messages.E_CSV_EMPTY(displayPath(file), ' (the file is empty)'), { exitCode: 1 });
  const delimiter = params.delimiter ?? detectDelimiter(line);
  const cells = splitLine(line, delimiter).map((c) => c.trim());
  // A header names columns: none of its cells reads as a number or a date.
  const header = params.header === 'auto' ? !cells.some((c) => isNumberCell(c) || parseTimestamp(c) !== undefined) : params.header;
  const names = cells.map((c, i) => (header && c !== '' ? c : `column${i + 1}`));
  return { delimiter, header, names };
}

/** The text of physical line `n` (1-based, BOM removed), to locate a cell; undefined past the end. */
export async function lineAt(file: string, n: number): Promise<string | undefined> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let i = 0;
  try {
    for await (const line of lines) if (++i === n) return i === 1 ? line.replace(/^\uFEFF/, '') : line;
  } finally {
    lines.close();
  }
  return undefined;
}
