/**
 * A CSV file as text cells, for tools that look at a file before a pipeline exists (`seqpipe
 * init`): the same size limit, layout detection (delimiter, header) and csv-parse options as the
 * source, so a file init can read is one `source/csv` reads the same way, and a malformed row is
 * the source's own located E_CSV_PARSE.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse';
import { messages } from '@seqpipe/core';
import { checkFile, csvError, readLayout } from './csv-file.js';

export interface TextTable {
  readonly names: readonly string[];
  /** Cells as written (untrimmed), a row per data record. */
  readonly rows: readonly (readonly string[])[];
  /** The physical line of the last row (1-based), to locate a whole-table problem. */
  readonly lastLine: number;
  /** Per column, the storage type when the file declares one (Parquet); absent for CSV. */
  readonly types?: readonly ('date' | 'number' | 'text' | 'other')[];
}

/** Reads `file` whole. Errors: E_CSV_NOT_FOUND, E_CSV_TOO_LARGE, E_CSV_EMPTY, E_CSV_PARSE (located). */
export async function readCsvTable(file: string): Promise<TextTable> {
  try {
    await checkFile(file);
  } catch (e) {
    throw csvError((e as { code: 'E_CSV_NOT_FOUND' }).code, (e as Error).message, file);
  }
  const layout = await readLayout(file, { header: 'auto' });
  const rows: string[][] = [];
  // Without csv-parse's per-record info (it doubles the time on big files): its errors carry lines.
  const parser = createReadStream(file).pipe(parse({
    bom: true, delimiter: layout.delimiter, skip_empty_lines: true, from_line: 1,
    record_delimiter: ['\r\n', '\n', '\r'],
  }));
  let first = layout.header;
  let lastLine = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (first) {
        first = false;
        continue;
      }
      rows.push(record);
    }
    // csv-parse counts a final line end as the start of one more (empty) line.
    lastLine = (parser as unknown as { info: { lines: number } }).info.lines - ((await endsWithLineEnd(file)) ? 1 : 0);
  } catch (e) {
    if (e instanceof CsvError) throw csvError('E_CSV_PARSE', messages.E_CSV_PARSE(e.message), file, (e as CsvError & { lines?: number }).lines ?? 1, 1);
    throw e;
  } finally {
    parser.destroy();
  }
  return { names: layout.names, rows, lastLine };
}

async function endsWithLineEnd(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a || last[0] === 0x0d;
  } finally {
    await handle.close();
  }
}
