import { resolve } from 'node:path';
import { defineStage, messages, suggest } from '@seqpipe/core';
import type { CheckResult, PipelineContext, Series, StageIssue } from '@seqpipe/core';
import { displayPath } from '../csv/csv-file.js';
import { digestFiles, unreadable } from './data-files.js';
import { readUnchanged } from '../input-changed.js';
import { DATA_ERRORS } from './table-series.js';
import { parquetColumnNames } from './parquet-footer.js';
import { readParquetSeries } from './read-parquet.js';
import { checkMapping, parquetParamsSchema, type ParquetParams } from './table-params.js';

const resolvePath = (params: ParquetParams, ctx: PipelineContext): string => resolve(ctx.pipelineDir, params.path);

/**
 * validate: the file exists, is Parquet, and has every column the params name — from the
 * footer alone, without DuckDB. Whether the columns' types fit is known only when run.
 */
async function inspect(params: ParquetParams, ctx: PipelineContext): Promise<CheckResult> {
  const file = resolvePath(params, ctx);
  const why = await unreadable(file);
  if (why) return { issues: [{ code: 'E_DATA_NOT_FOUND', path: ['path'], message: messages.E_DATA_NOT_FOUND(displayPath(file), why, 'path') }] };
  let names: string[];
  try {
    names = await parquetColumnNames(file);
  } catch (e) {
    return { issues: [{ code: 'E_PARQUET_INVALID', path: ['path'], message: messages.E_PARQUET_INVALID(displayPath(file), (e as Error).message) }] };
  }
  const issues: StageIssue[] = [];
  const known = new Set(names);
  const table = `file "${displayPath(file)}"`;
  const need = (name: string, param: string, path: (string | number)[], at: 'key' | 'value' = 'value'): void => {
    if (!known.has(name)) issues.push({ code: 'E_DATA_MISSING_COLUMN', path, at, message: messages.E_DATA_MISSING_COLUMN(name, param, table, names, suggest(name, names)) });
  };
  if (params.time !== undefined) need(params.time, 'time', ['time']);
  if (params.series !== undefined) need(params.series, 'series', ['series']);
  params.columns?.forEach((c, i) => need(c, `columns[${i}]`, ['columns', i]));
  for (const key of Object.keys(params.where ?? {})) need(key, `where.${key}`, ['where', key], 'key');
  return { issues, ...(params.columns ? { facts: { columns: params.columns.length } } : {}) };
}

/** sha256 of the file's bytes, as source/csv's: an edited value re-runs the source. */
function fingerprint(params: ParquetParams, ctx: PipelineContext): Promise<string> {
  return digestFiles([{ name: params.path, file: resolvePath(params, ctx) }], false, 'path');
}

export const parquetSource = defineStage({
  uses: 'source/parquet',
  version: '1',
  description: [
    'A series from a Parquet file, read with DuckDB (loaded only when the source runs). time: DATE/TIMESTAMP columns become dates,',
    'text is parsed like source/csv\'s, numbers stay a plain axis; value columns must be numeric. NULL and NaN are missing (see missing);',
    '±Infinity is E_DATA_VALUE; rows are sorted by time, a duplicate time is E_DATA_DUPLICATE_TIME and irregular spacing a warning.',
    'The file\'s sha256 is part of the cache key.',
  ].join(' '),
  params: parquetParamsSchema,
  inputs: {},
  output: 'series',
  check: checkMapping,
  inspect,
  fingerprint,
  async run(ctx, _inputs, params: ParquetParams): Promise<Series> {
    const file = resolvePath(params, ctx);
    const shown = displayPath(file);
    const check = { keyed: ctx.external, fingerprint: () => fingerprint(params, ctx), name: shown, file: shown, codes: DATA_ERRORS };
    return readUnchanged(check, () => readParquetSeries(file, params, { signal: ctx.signal, log: ctx.log }), true);
  },
});
