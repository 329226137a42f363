import { resolve } from 'node:path';
import { defineStage, messages } from '@seqpipe/core';
import type { CheckResult, PipelineContext, Series, StageIssue } from '@seqpipe/core';
import { displayPath } from '../csv/csv-file.js';
import { digestFiles, unreadable } from './data-files.js';
import { readUnchanged } from '../input-changed.js';
import { DATA_ERRORS } from './table-series.js';
import { readSqlSeries } from './read-sql.js';
import { checkMapping, sqlParamsSchema, type SqlParams } from './table-params.js';

const resolveFiles = (params: SqlParams, ctx: PipelineContext): { name: string; file: string }[] =>
  params.files.map((name) => ({ name, file: resolve(ctx.pipelineDir, name) }));

/** validate: every listed file exists. The query itself is checked when it runs (DuckDB is not loaded to validate). */
async function inspect(params: SqlParams, ctx: PipelineContext): Promise<CheckResult> {
  const issues: StageIssue[] = [];
  for (const [i, { file }] of resolveFiles(params, ctx).entries()) {
    const why = await unreadable(file);
    if (why) issues.push({ code: 'E_DATA_NOT_FOUND', path: ['files', i], message: messages.E_DATA_NOT_FOUND(displayPath(file), why, 'files') });
  }
  return { issues, ...(params.columns ? { facts: { columns: params.columns.length } } : {}) };
}

/** sha256 over the listed files in order, each as its name, length and bytes. */
function fingerprint(params: SqlParams, ctx: PipelineContext): Promise<string> {
  return digestFiles(resolveFiles(params, ctx), true, 'files');
}

export const sqlSource = defineStage({
  uses: 'source/sql',
  version: '1',
  description: [
    'A series from one DuckDB SELECT over local files (read_csv, read_parquet, read_json; relative names resolve against the pipeline file\'s folder).',
    'The query may read only the files listed under files, whose bytes are part of the cache key; its result\'s columns are mapped like',
    'source/parquet\'s (time, columns, missing). DuckDB is loaded only when the source runs; a query error is E_SQL with DuckDB\'s message.',
  ].join(' '),
  params: sqlParamsSchema,
  inputs: {},
  output: 'series',
  check: checkMapping,
  inspect,
  fingerprint,
  async run(ctx, _inputs, params: SqlParams): Promise<Series> {
    const files = resolveFiles(params, ctx);
    const check = { keyed: ctx.external, fingerprint: () => fingerprint(params, ctx), name: params.files.join('", "'), codes: DATA_ERRORS };
    return readUnchanged(check, () => readSqlSeries(params, files.map((f) => f.file), { dir: ctx.pipelineDir, signal: ctx.signal, log: ctx.log }), true);
  },
});
