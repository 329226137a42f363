/**
 * A CSV file as text cells, for tools that look at a file before a pipeline exists (`seqpipe
 * init`): the same size limit, layout detection (delimiter, header) and csv-parse options as the
 * source, so a file init can read is one `source/csv` reads the same way, and a malformed row is
 * the source's own located E_CSV_PARSE.
 */
import { createReadStream } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { messages } from '@seqpipe/core';
import { checkFile, csvError, readLayout } from './csv-file.js';

export interface TextTable {
  readonly names: readonly string[];
  /** Cells as written (untrimmed), a row per data record. */
  readonly rows: readonly (readonly string[])[];
  /** The physical line each row starts on (1-based), to locate a cell. */
  readonly lines: readonly number[];
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
  const lines: number[] = [];
  const parser = createReadStream(file).pipe(parse({
    bom: true, delimiter: layout.delimiter, info: true, skip_empty_lines: true, from_line: 1,
    record_delimiter: ['\r\n', '\n', '\r'],
  }));
  let first = layout.header;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (first) {
        first = false;
        continue;
      }
      rows.push(record);
      lines.push(info.lines);
    }
  } catch (e) {
    if (e instanceof CsvError) throw csvError('E_CSV_PARSE', messages.E_CSV_PARSE(e.message), file, (e as CsvError & { lines?: number }).lines ?? 1, 1);
    throw e;
  } finally {
    parser.destroy();
  }
  return { names: layout.names, rows, lines };
}
