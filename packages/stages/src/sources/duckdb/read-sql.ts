/**
 * A query over local files → one Series on DuckDB. The query is prepared first (so a syntax or
 * binder error, or a statement other than one SELECT, is refused before anything runs), then run
 * as written, and its result's columns mapped like source/parquet's.
 */
import { messages, SeqpipeError, type Series, type StageLogger } from '@seqpipe/core';
import { requireFile } from './data-files.js';
import { DuckDBSession, duckdbMessage, isAbort } from './duckdb-session.js';
import { absoluteFileLiterals } from './sql-paths.js';
import { ColumnTypes, readPicked, type Column, type Fail } from './table-columns.js';
import type { SqlParams } from './table-params.js';
import { tableSeries } from './table-series.js';

const TABLE = "the query's result";

export interface SqlReadOptions {
  /** Where relative file names in the query resolve (the pipeline's folder). */
  readonly dir: string;
  readonly signal: AbortSignal;
  readonly log?: StageLogger;
}

/** E_SQL with DuckDB's message; a refused file access says which files may be read. An abort stays itself. */
export function sqlError(e: unknown): unknown {
  if (e instanceof SeqpipeError || isAbort(e)) return e;
  const detail = duckdbMessage(e);
  const hint = /^Permission Error/.test(detail) ? '; the query may read only the files listed under "files" (relative to the pipeline file\'s folder), and write none' : '';
  return new SeqpipeError('E_SQL', messages.E_SQL(`${detail}${hint}`), { exitCode: 1 });
}

/** `files`: the listed files, absolute. Errors are located at the stage (exit 1). */
export async function readSqlSeries(params: SqlParams, files: readonly string[], options: SqlReadOptions): Promise<Series> {
  for (const file of files) await requireFile(file, 'files');
  const fail: Fail = (code, message) => new SeqpipeError(code, message, { exitCode: 1 });
  const session = await DuckDBSession.open(files, options.signal);
  try {
    const { count, statement } = await session.prepareOne(absoluteFileLiterals(params.query, options.dir, files)).catch((e: unknown) => Promise.reject(sqlError(e)));
    if (!statement) throw sqlError(new Error(`"query" must be one SELECT statement; it has ${count}`));
    if (statement.statementType !== session.duck.StatementType.SELECT) {
      const kind = session.duck.StatementType[statement.statementType] ?? String(statement.statementType);
      throw sqlError(new Error(`"query" must be a SELECT (WITH … SELECT, FROM …), not a ${kind} statement`));
    }
    const types = new ColumnTypes(session.duck);
    const columns: Column[] = Array.from({ length: statement.columnCount }, (_, i) => ({ name: statement.columnName(i), type: statement.columnType(i) }));
    const picks = types.pick(columns, params, TABLE, new Set(), fail);
    const result = await session.runPrepared(statement).catch((e: unknown) => Promise.reject(sqlError(e)));
    const rows = readPicked(types, result, picks, fail, options.signal);
    // Checked again after the query: an abort never returns a series.
    options.signal.throwIfAborted();
    const shape = { columns: picks.values.map((v) => v.name), table: TABLE, ...(picks.time ? { time: { name: picks.time.name, dated: picks.time.kind !== 'number' } } : {}) };
    return tableSeries(rows, shape, params, fail, options.log);
  } finally {
    session.close();
  }
}
