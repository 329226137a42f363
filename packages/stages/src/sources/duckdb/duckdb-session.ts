/**
 * An in-memory DuckDB for one source run, sandboxed to the files the source is keyed by.
 *
 * `@duckdb/node-api` is imported here, lazily, and only from `run`: its native library is
 * ≈70 MB, so validate, graph and a cached run (which never call `run`) do not load it.
 *
 * The sandbox: every file system access except the listed files (absolute paths) is refused
 * (`enable_external_access = false` with `allowed_paths`), so a query cannot read a file its
 * cache key does not cover, write a file, or fetch over the network; no extension is installed
 * or loaded behind the user's back; and the configuration is locked against the query. Relative
 * names are made absolute before SQL reaches DuckDB (see sql-paths.ts). An aborted run
 * interrupts the running query.
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBMaterializedResult, DuckDBPreparedStatement } from '@duckdb/node-api';
import { messages, SeqpipeError } from '@seqpipe/core';

export type DuckDB = typeof import('@duckdb/node-api');

let loaded: Promise<DuckDB> | undefined;

/** The DuckDB module, imported once per process. */
export function loadDuckDB(): Promise<DuckDB> {
  loaded ??= import('@duckdb/node-api').catch((e: unknown) => {
    loaded = undefined;
    throw new SeqpipeError('E_DUCKDB_UNAVAILABLE', messages.E_DUCKDB_UNAVAILABLE(e instanceof Error ? e.message : String(e)), { exitCode: 1 });
  });
  return loaded;
}

/** A SQL string literal. */
export const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;

export class DuckDBSession {
  private constructor(
    readonly duck: DuckDB,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly signal: AbortSignal,
  ) {}

  /** `files`: absolute paths, the only ones SQL may open. */
  static async open(files: readonly string[], signal: AbortSignal): Promise<DuckDBSession> {
    signal.throwIfAborted();
    const duck = await loadDuckDB();
    const instance = await duck.DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
    try {
      const connection = await instance.connect();
      // allowed_paths cannot be given at create time (DuckDB 1.5 refuses it there), so SET it
      // before access is disabled; once disabled, access can never be enabled again.
      await connection.run(`SET allowed_paths = [${files.map(quote).join(', ')}]`);
      await connection.run('SET enable_external_access = false');
      await connection.run('SET lock_configuration = true');
      return new DuckDBSession(duck, instance, connection, signal);
    } catch (e) {
      instance.closeSync();
      throw e;
    }
  }

  /** Runs `sql` to completion; an abort interrupts it and throws the abort reason. */
  run(sql: string, values?: readonly (string | number | boolean)[]): Promise<DuckDBMaterializedResult> {
    return this.interruptible(() => this.connection.run(sql, values ? [...values] : undefined));
  }

  /** Splits and prepares a query, so its statements and result columns are known before it runs. */
  async prepareOne(sql: string): Promise<{ count: number; statement?: DuckDBPreparedStatement }> {
    const statements = await this.interruptible(() => this.connection.extractStatements(sql));
    if (statements.count !== 1) return { count: statements.count };
    return { count: 1, statement: await this.interruptible(() => statements.prepare(0)) };
  }

  runPrepared(statement: DuckDBPreparedStatement): Promise<DuckDBMaterializedResult> {
    return this.interruptible(() => statement.run());
  }

  private async interruptible<T>(work: () => Promise<T>): Promise<T> {
    this.signal.throwIfAborted();
    const interrupt = (): void => this.connection.interrupt();
    this.signal.addEventListener('abort', interrupt, { once: true });
    try {
      return await work();
    } catch (e) {
      // DuckDB's "INTERRUPT Error" is the abort's doing: report the abort, not a query error.
      this.signal.throwIfAborted();
      throw e;
    } finally {
      this.signal.removeEventListener('abort', interrupt);
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** The error an aborted signal throws (a DOMException named AbortError). */
export const isAbort = (e: unknown): boolean => e instanceof Error && e.name === 'AbortError';

/**
 * DuckDB's message on one line: its kind and text ("Binder Error: Referenced column …"), with
 * the position as `query line N` instead of DuckDB's multi-line excerpt and caret.
 */
export function duckdbMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const at = /\n\s*LINE (\d+):[^\n]*(?:\n[^\n]*)?$/.exec(text);
  const head = (at ? text.slice(0, at.index) : text).replace(/^Failed to extract statements: /, '').replace(/\s*\n\s*/g, ' ').trim();
  return at ? `${head} (query line ${at[1]})` : head;
}
