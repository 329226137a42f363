/**
 * A Parquet file → one Series on DuckDB: the file's schema, the picked columns (and each row's
 * number in the file, for messages) filtered by `where`, then the rows as source/csv treats them.
 */
import { messages, SeqpipeError, suggest, type Series, type StageLogger } from '@seqpipe/core';
import { displayPath } from '../csv/csv-file.js';
import { requireFile } from './data-files.js';
import { DuckDBSession, duckdbMessage, isAbort, quote } from './duckdb-session.js';
import { ColumnTypes, readPicked, type Column, type Fail, type Picks } from './table-columns.js';
import type { ParquetParams } from './table-params.js';
import { tableSeries } from './table-series.js';

/** Distinct `where` values read for a did-you-mean when nothing matches. */
const SEEN_LIMIT = 1000;

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export interface ParquetReadOptions {
  readonly signal: AbortSignal;
  readonly log?: StageLogger;
}

/** Reads `file` (absolute). Errors are located at the file (exit 1). */
export async function readParquetSeries(file: string, params: ParquetParams, options: ParquetReadOptions): Promise<Series> {
  await requireFile(file, 'path');
  const shown = displayPath(file);
  const table = `file "${shown}"`;
  const fail: Fail = (code, message) => new SeqpipeError(code, message, { file: shown, exitCode: 1 });
  const invalid = (e: unknown): unknown =>
    e instanceof SeqpipeError || isAbort(e) ? e : new SeqpipeError('E_PARQUET_INVALID', messages.E_PARQUET_INVALID(shown, duckdbMessage(e)), { file: shown, exitCode: 1 });
  const session = await DuckDBSession.open([file], options.signal);
  try {
    const types = new ColumnTypes(session.duck);
    const plain = `read_parquet(${quote(file)})`;
    const schema = await session.run(`SELECT * FROM ${plain} LIMIT 0`).catch((e: unknown) => Promise.reject(invalid(e)));
    const columns: Column[] = schema.columnNames().map((name, i) => ({ name, type: schema.columnType(i) }));
    const where = Object.entries(params.where ?? {});
    const picks = types.pick(columns, params, table, new Set(where.map(([k]) => k)), fail);
    const conditions = where.map(([name]) => {
      const i = columns.findIndex((c) => c.name === name);
      if (i < 0) {
        const names = columns.map((c) => c.name);
        throw fail('E_DATA_MISSING_COLUMN', messages.E_DATA_MISSING_COLUMN(name, `where.${name}`, table, names, suggest(name, names)));
      }
      // Compared in the column's type: where { day: 2000-01-03 } matches a DATE, { n: 5 } a DOUBLE 5.0.
      return `${ident(name)} = TRY_CAST(? AS ${String(columns[i]!.type)})`;
    });
    // A file with its own file_row_number column cannot have DuckDB's: rows are then numbered as read.
    const numbered = !columns.some((c) => c.name === 'file_row_number');
    const selected = [...(picks.time ? [picks.time.name] : []), ...(picks.series ? [picks.series.name] : []), ...picks.values.map((v) => v.name)];
    const scan = `read_parquet(${quote(file)}${numbered ? ', file_row_number = true' : ''})`;
    const sql = `SELECT ${[...selected.map(ident), ...(numbered ? ['file_row_number'] : [])].join(', ')} FROM ${scan}`
      + `${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}${numbered ? ' ORDER BY file_row_number' : ''}`;
    const result = await session.run(sql, where.map(([, v]) => String(v))).catch((e: unknown) => Promise.reject(invalid(e)));
    // The same picks, indexed into this result's columns.
    const offset = (picks.time ? 1 : 0) + (picks.series ? 1 : 0);
    const inResult: Picks = {
      ...(picks.time ? { time: { ...picks.time, index: 0 } } : {}),
      ...(picks.series ? { series: { ...picks.series, index: picks.time ? 1 : 0 } } : {}),
      values: picks.values.map((v, j) => ({ name: v.name, index: offset + j })),
    };
    const rows = readPicked(types, result, inResult, fail, options.signal, numbered ? selected.length : undefined);
    if (rows.count === 0 && where.length) {
      const hints: string[] = [];
      for (const [name, value] of where) {
        const seen = await session.run(`SELECT DISTINCT CAST(${ident(name)} AS VARCHAR) FROM ${plain} LIMIT ${SEEN_LIMIT}`);
        const hint = suggest(String(value), ((await seen.getColumns())[0] ?? []).map(String));
        hints.push(` matching ${name} = "${value}"${hint ? ` — did you mean "${hint}"?` : ''}`);
      }
      throw fail('E_DATA_EMPTY', messages.E_DATA_EMPTY(table, hints.join(',')));
    }
    // Checked again after the query: an abort never returns a series.
    options.signal.throwIfAborted();
    const shape = { columns: picks.values.map((v) => v.name), table, ...(picks.time ? { time: { name: picks.time.name, dated: picks.time.kind !== 'number' } } : {}) };
    return tableSeries(rows, shape, params, fail, options.log);
  } finally {
    session.close();
  }
}
