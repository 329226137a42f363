/**
 * Params of the DuckDB-backed sources. Both map a table (a Parquet file's rows, or a query's
 * result) to one Series the way source/csv maps a CSV: `time`, `columns`, `missing`. They are
 * shaped so a `series:` column (many series in one table) can be added beside them later.
 */
import { messages, type ParamsSchema, type StageIssue } from '@seqpipe/core';
import { csvParamsSchema, type MissingPolicy } from '../csv/csv-params.js';

/** How a table's columns become a series: shared by source/parquet and source/sql. */
export interface TableMapping {
  readonly time?: string;
  /** The column naming each row's series: a panel, grouped by id in order of first appearance. */
  readonly series?: string;
  readonly columns?: readonly string[];
  readonly missing: MissingPolicy;
}

export interface ParquetParams extends TableMapping {
  /** Relative to the pipeline file's folder (absolute allowed). */
  readonly path: string;
  readonly where?: Readonly<Record<string, string | number | boolean>>;
}

export interface SqlParams extends TableMapping {
  readonly query: string;
  /** The files the query reads, relative to the pipeline file's folder: the only ones it may read. */
  readonly files: readonly string[];
}

/**
 * validate: `series` is neither the time column nor a value column; the facts known before
 * reading (the value column count, never a length: a panel's series differ in length).
 */
export function checkMapping(params: TableMapping): { issues: StageIssue[]; facts?: { columns: number } } {
  const issues: StageIssue[] = [];
  if (params.series !== undefined && params.series === params.time) {
    issues.push({ code: 'E_INVALID_VALUE', path: ['series'], message: messages.E_INVALID_VALUE('series', 'the series column cannot also be the time column') });
  }
  params.columns?.forEach((c, i) => {
    if (c === params.series) issues.push({ code: 'E_INVALID_VALUE', path: ['columns', i], message: messages.E_INVALID_VALUE(`columns.${i}`, `"${c}" is the series column ("series"), not a value column`) });
  });
  return { issues, ...(params.columns ? { facts: { columns: params.columns.length } } : {}) };
}

const csv = csvParamsSchema.properties as Record<string, Record<string, unknown>>;

const time = {
  type: 'string', minLength: 1,
  description: 'Time column: DATE and TIMESTAMP types become dates (UTC epoch ms); text is parsed like source/csv\'s time; numbers stay a plain numeric axis. Rows are sorted by it.',
};
const series = {
  type: 'string', minLength: 1,
  description: 'Long format with many series (a panel): the column holding each row\'s series id (any type, read as text; NULL is E_DATA_MISSING_VALUE). Rows are grouped by id in order of first appearance in the rows read, each series sorted by time.',
};
const columns = { ...csv.columns, description: 'Value columns (numeric types), in this order; default: every numeric column except time (and where columns).' };
const missing = { ...csv.missing, description: 'NULL and NaN values: error (report the first), drop the row, ffill (previous value), interpolate (linear in time, or in row order).' };

export const parquetParamsSchema: ParamsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    path: { type: 'string', minLength: 1, description: "Parquet file, relative to the pipeline file's folder (absolute allowed)." },
    time,
    series,
    columns,
    where: { ...csv.where, description: 'Row filter for long-format files, e.g. { symbol: MSFT }: keep rows whose column equals the value (compared after casting the value to the column\'s type).' },
    missing,
  },
};

export const sqlParamsSchema: ParamsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['query', 'files'],
  examples: [{ query: "SELECT date, price FROM read_csv('prices.csv') WHERE symbol = 'MSFT'", files: ['prices.csv'], time: 'date' }],
  properties: {
    query: {
      type: 'string', minLength: 1,
      description: 'One DuckDB SELECT; relative file names in it resolve against the pipeline file\'s folder, e.g. select date, price from read_csv(\'prices.csv\') where symbol = \'MSFT\'.',
    },
    files: {
      type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true,
      description: 'Every file the query reads, relative to the pipeline file\'s folder: their bytes are the cache key, and the query may read no other file.',
    },
    time,
    series,
    columns: { ...columns, description: 'Value columns of the result (numeric types), in this order; default: every numeric column except time.' },
    missing,
  },
};
