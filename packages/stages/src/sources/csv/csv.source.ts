import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { defineStage, isSeqpipeError, messages, suggest } from '@seqpipe/core';
import type { CheckResult, PipelineContext, Series, StageIssue } from '@seqpipe/core';
import { checkFile, csvError, displayPath, readLayout, resolveCsvPath } from './csv-file.js';
import { readUnchanged } from '../input-changed.js';
import { csvParamsSchema, type CsvParams } from './csv-params.js';
import { readCsvSeries } from './read-csv-series.js';

/** validate: the file exists, is within the size limit, and has every column the params name. Reads one line. */
async function inspect(params: CsvParams, ctx: PipelineContext): Promise<CheckResult> {
  const file = resolveCsvPath(params.path, ctx.pipelineDir);
  let names: readonly string[];
  try {
    await checkFile(file);
    names = (await readLayout(file, params)).names;
  } catch (e) {
    if (!isSeqpipeError(e)) return { issues: [{ code: 'E_CSV_NOT_FOUND', path: ['path'], message: messages.E_CSV_NOT_FOUND(params.path, String((e as Error).message)) }] };
    return { issues: [{ code: String(e.code), path: ['path'], message: e.message }] };
  }
  const issues: StageIssue[] = [];
  const known = new Set(names);
  const need = (name: string, param: string, path: (string | number)[], at: 'key' | 'value' = 'value'): void => {
    if (!known.has(name)) issues.push({ code: 'E_CSV_MISSING_COLUMN', path, at, message: messages.E_CSV_MISSING_COLUMN(name, param, names, suggest(name, names)) });
  };
  if (params.time !== undefined) need(params.time, 'time', ['time']);
  if (params.series !== undefined) need(params.series, 'series', ['series']);
  if (params.layout !== 'rows') {
    params.columns?.forEach((c, i) => need(c, `columns[${i}]`, ['columns', i]));
    for (const key of Object.keys(params.where ?? {})) need(key, `where.${key}`, ['where', key], 'key');
  }
  const { issues: conflicts, ...facts } = checkParams(params);
  return { issues: [...conflicts, ...issues], ...facts };
}

/**
 * Params that cannot go together, and the facts known before reading: the column count (one,
 * "value", for layout: wide and rows). Nothing about length: a panel's series differ in length.
 */
function checkParams(params: CsvParams): { issues: StageIssue[]; facts?: { columns: number } } {
  const issues: StageIssue[] = [];
  const bad = (path: (string | number)[], detail: string): void => {
    issues.push({ code: 'E_INVALID_VALUE', path, message: messages.E_INVALID_VALUE(path.join('.'), detail) });
  };
  const layout = params.layout ?? 'long';
  if (params.series !== undefined && layout !== 'long') bad(['series'], `"series" names the id column of a long-format file; with layout: ${layout} the ids are ${layout === 'wide' ? 'the column names' : 'the first cell of each row'}`);
  if (params.series !== undefined && params.series === params.time) bad(['series'], 'the series column cannot also be the time column');
  params.columns?.forEach((c, i) => c === params.series && bad(['columns', i], `"${c}" is the series column ("series"), not a value column`));
  if (layout === 'rows') {
    for (const key of ['time', 'columns', 'where'] as const) {
      if (params[key] !== undefined) bad([key], `layout: rows has no ${key === 'time' ? 'time column (the values are in order)' : key === 'columns' ? 'columns to pick (each row is one series)' : 'row filter'}`);
    }
  }
  const columns = layout === 'long' ? params.columns?.length : 1;
  return { issues, ...(columns === undefined ? {} : { facts: { columns } }) };
}

/** sha256 of the file's bytes: an edited cell re-runs the source (mtime alone never does). */
async function fingerprint(params: CsvParams, ctx: PipelineContext): Promise<string> {
  const file = resolveCsvPath(params.path, ctx.pipelineDir);
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (e) {
    // Validated a moment ago; gone or unreadable since.
    throw csvError('E_CSV_NOT_FOUND', messages.E_CSV_NOT_FOUND(displayPath(file), (e as NodeJS.ErrnoException).code ?? String(e)), file);
  }
  return `sha256:${hash.digest('hex')}`;
}

export const csvSource = defineStage({
  uses: 'source/csv',
  version: '1',
  description: [
    'A series from a CSV file (read whole and split by a byte reader, csv-parse where quoting is unusual; files over 256 MiB are refused unless SEQPIPE_CSV_MAX_BYTES allows them).',
    'Empty, NA, N/A, NaN and null cells are missing (see missing); Inf or text in a value column is E_CSV_VALUE at file:line:col;',
    'a byte-order mark, CRLF line ends and quoted delimiters are read as such; rows are sorted by time, a duplicate time is',
    'E_CSV_DUPLICATE_TIME and irregular spacing a warning. The file\'s sha256 is part of the cache key.',
    'Panels (many series): series: ID_COLUMN for long format (rows grouped by id in order of first appearance, each sorted by time),',
    'layout: wide (a column per series) or layout: rows (a row per series, as the M4 files).',
  ].join(' '),
  params: csvParamsSchema,
  inputs: {},
  output: 'series',
  check: checkParams,
  inspect,
  fingerprint,
  async run(ctx, _inputs, params: CsvParams): Promise<Series> {
    // ctx.external is this function's fingerprint as the job was keyed: parse exactly those bytes.
    const options = { log: ctx.log, signal: ctx.signal, ...(ctx.external === undefined ? {} : { sha256: ctx.external }) };
    const file = resolveCsvPath(params.path, ctx.pipelineDir);
    // The reader checks the bytes it parsed against the key itself; a bad cell or a cut row in a
    // file that changed under the read is the change's doing (input-changed.ts).
    const check = { keyed: ctx.external, fingerprint: () => fingerprint(params, ctx), name: displayPath(file), file: displayPath(file), codes: /^E_CSV_/ };
    return readUnchanged(check, () => readCsvSeries(file, params, options), false);
  },
});
