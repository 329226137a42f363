/**
 * A Parquet file as text cells (DuckDB casts each to VARCHAR: dates print as ISO 8601, which
 * parseTimestamp reads) with each column's storage type, for `seqpipe init`. The same sandboxed
 * session and E_DATA_NOT_FOUND / E_PARQUET_INVALID as source/parquet.
 */
import { messages, SeqpipeError } from '@seqpipe/core';
import { displayPath } from '../csv/csv-file.js';
import type { TextTable } from '../csv/read-csv-table.js';
import { requireFile } from './data-files.js';
import { DuckDBSession, duckdbMessage, quote } from './duckdb-session.js';

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

function typeKind(type: string): 'date' | 'number' | 'text' | 'other' {
  if (/^(DATE|TIMESTAMP)/.test(type)) return 'date';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(type)) return 'number';
  return type === 'VARCHAR' ? 'text' : 'other';
}

export async function readParquetTable(file: string, signal: AbortSignal = new AbortController().signal): Promise<TextTable> {
  await requireFile(file, 'path');
  const shown = displayPath(file);
  const invalid = (e: unknown): SeqpipeError =>
    e instanceof SeqpipeError ? e : new SeqpipeError('E_PARQUET_INVALID', messages.E_PARQUET_INVALID(shown, duckdbMessage(e)), { file: shown, exitCode: 1 });
  const session = await DuckDBSession.open([file], signal);
  try {
    const scan = `read_parquet(${quote(file)})`;
    const schema = await session.run(`SELECT * FROM ${scan} LIMIT 0`).catch((e: unknown) => Promise.reject(invalid(e)));
    const names = schema.columnNames();
    const types = names.map((_, i) => typeKind(String(schema.columnType(i))));
    const cast = names.map((n) => `CAST(${ident(n)} AS VARCHAR)`).join(', ');
    const result = await session.run(`SELECT ${cast} FROM ${scan}`).catch((e: unknown) => Promise.reject(invalid(e)));
    const rows = (await result.getRows()).map((r) => r.map((c) => (c === null ? '' : String(c))));
    // Parquet rows are numbered from 1 in messages (as source/parquet's).
    return { names, rows, lastLine: rows.length, types };
  } finally {
    session.close();
  }
}
