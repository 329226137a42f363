/**
 * `seqpipe init`'s reading of a data file: the table as text (through the sources' own readers),
 * the columns' roles (asking when ambiguous), then the series exactly as the generated source
 * will read it, its step, season and sizes. Every error is coded, located and exit 2.
 */
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { SeqpipeError, messages, type Series } from '@seqpipe/core';
import { readCsvSeries, readCsvTable, readParquetSeries, readParquetTable, type TextTable } from '@seqpipe/stages';
import type { Chooser } from './choose.js';
import { columnFacts, groups, isIndex, seriesCandidates, timeCandidates, type ColumnFacts } from './columns.js';
import { MIN_ROWS, planSizes, median, type Plan } from './plan.js';
import { calendarHorizon, calendarSeason, chooseSeason, stepOf } from './season.js';

export interface Inspection {
  readonly format: 'csv' | 'parquet';
  readonly time?: string;
  readonly series?: string;
  readonly target: string;
  /** The source's columns: the target first, then any other inputs. */
  readonly inputs: readonly string[];
  readonly missing?: 'interpolate' | 'drop';
  readonly about: string[];
  readonly plan: Plan;
}

const fail = (code: keyof typeof messages, message: string, file: string, line?: number, col?: number): SeqpipeError =>
  new SeqpipeError(code, message, { file, ...(line ? { line, col: col ?? 1 } : {}), exitCode: 2 });

/** A source's error as init's own: the same place, exit 2 (init reads input, it runs nothing). */
function asInit(e: unknown, shown: string): unknown {
  if (!(e instanceof SeqpipeError)) return e;
  const where = { file: e.file ?? shown, ...(e.line ? { line: e.line, col: e.col ?? 1 } : {}) };
  const detail = e.message.replace(/^.*?: /, '');
  switch (e.code) {
    case 'E_CSV_NOT_FOUND': case 'E_DATA_NOT_FOUND':
      return new SeqpipeError('E_INIT_UNREADABLE', messages.E_INIT_UNREADABLE(shown, /no such file/.test(e.message) ? 'no such file' : detail), { ...where, exitCode: 2 });
    case 'E_CSV_PARSE': case 'E_PARQUET_INVALID': case 'E_CSV_EMPTY':
      return new SeqpipeError('E_INIT_NOT_TABLE', messages.E_INIT_NOT_TABLE(shown, e.message), { ...where, exitCode: 2 });
    default:
      return new SeqpipeError(e.code, e.message, { ...where, exitCode: 2 });
  }
}

async function checkReadable(file: string, shown: string, parquet: boolean): Promise<void> {
  const info = await stat(file).catch((e: NodeJS.ErrnoException) => {
    throw fail('E_INIT_UNREADABLE', messages.E_INIT_UNREADABLE(shown, e.code === 'ENOENT' ? 'no such file' : (e.code ?? e.message)), shown);
  });
  if (!info.isFile()) throw fail('E_INIT_UNREADABLE', messages.E_INIT_UNREADABLE(shown, 'not a regular file'), shown);
  const handle = await open(file, 'r').catch((e: NodeJS.ErrnoException) => {
    throw fail('E_INIT_UNREADABLE', messages.E_INIT_UNREADABLE(shown, e.code ?? e.message), shown);
  });
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (parquet) return;
    if (bytes.subarray(0, 4).toString('latin1') === 'PAR1') throw fail('E_INIT_NOT_TABLE', messages.E_INIT_NOT_TABLE(shown, 'its first bytes are a Parquet file\'s (PAR1); name it .parquet'), shown);
    const nul = bytes.indexOf(0);
    // UTF-16 text has NUL bytes too, but starts with its byte-order mark (source/csv reads it).
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe || bytes[0] === 0xfe && bytes[1] === 0xff;
    if (nul >= 0 && !utf16) throw fail('E_INIT_NOT_TABLE', messages.E_INIT_NOT_TABLE(shown, `binary content (a NUL byte at byte ${nul + 1})`), shown);
  } finally {
    await handle.close();
  }
}

const describe = (f: ColumnFacts): string => `${f.name}: ${f.kind}`;

export async function inspectData(file: string, shown: string, chooser: Chooser): Promise<Inspection> {
  const format = ['.parquet', '.pq'].includes(extname(file).toLowerCase()) ? 'parquet' : 'csv';
  await checkReadable(file, shown, format === 'parquet');
  let table: TextTable;
  try {
    table = format === 'parquet' ? await readParquetTable(file) : await readCsvTable(file);
  } catch (e) {
    throw asInit(e, shown);
  }
  if (!table.rows.length) throw fail('E_INIT_NOT_TABLE', messages.E_INIT_NOT_TABLE(shown, 'no data rows'), shown, 1, 1);
  const facts = columnFacts(table);
  const about: string[] = [];

  // Time: among the timestamp (and year) columns; the leftmost by rule.
  const times = timeCandidates(facts);
  let time: ColumnFacts | undefined = times.length > 1
    ? await chooser.ask({ topic: 'time column', text: 'Which column is the time?', options: times.map((f) => ({ label: f.name, value: f })), rule: 0, ruleText: 'the leftmost timestamp column' })
    : times[0];

  // Series: a text column grouping rows into series; the leftmost candidate by rule.
  const seriesOptions = seriesCandidates(table, facts, time);
  let unused: ColumnFacts | undefined;
  let series = seriesOptions.length
    ? await chooser.ask<ColumnFacts | undefined>({
      topic: 'series column', text: 'Which column names the series (a long file of several series)?',
      options: [...seriesOptions.map((f) => ({ label: f.name, value: f as ColumnFacts | undefined })), { label: '(none: one series)', value: undefined }],
      rule: 0, ruleText: 'the leftmost id column whose groups each have distinct times',
    })
    : undefined;
  if (time && !series && new Set(table.rows.map((r) => r[time!.index]!.trim())).size < table.rows.length) {
    about.push(`  ${time.name} repeats without a series column to tell its rows apart: not used as the time`);
    unused = time;
    time = undefined;
    series = undefined;
  }
  const seriesRows = series ? [...groups(table, series.index).values()] : [table.rows.map((_, r) => r)];

  // Values: the numeric columns other than a row index; the leftmost is forecast by rule.
  const numeric = facts.filter((f) => f.kind === 'number' && f !== time && f !== series && f !== unused);
  const indices = numeric.filter((f) => isIndex(table, f, seriesRows));
  const values = numeric.length > indices.length ? numeric.filter((f) => !indices.includes(f)) : numeric;
  if (!values.length) throw fail('E_INIT_NO_VALUES', messages.E_INIT_NO_VALUES(shown, facts.map(describe).join(', ')), shown, 1, 1);
  const target = values.length > 1
    ? await chooser.ask({ topic: 'forecast', text: 'Which column to forecast?', options: values.map((f) => ({ label: f.name, value: f })), rule: 0, ruleText: 'the leftmost numeric column' })
    : values[0]!;

  const rest = values.filter((f) => f !== target);
  const shownRest = rest.length > 4 ? `${rest.slice(0, 4).map((f) => f.name).join(', ')}, … (${rest.length})` : rest.map((f) => f.name).join(', ');
  const more = rest.length
    ? await chooser.ask({
      topic: 'model inputs', text: `Give the model the other numeric columns (${shownRest}) as inputs too?`,
      options: [{ label: 'no', value: false }, { label: 'yes', value: true }], rule: 0,
      ruleText: 'no: the baselines see the forecast column alone, and a forecast past the end needs no future inputs',
    })
    : false;
  const inputs = more ? [target, ...rest] : [target];
  const params = { time: time?.name, series: series?.name, columns: inputs.map((f) => f.name) };
  let missing: 'interpolate' | 'drop' | undefined = inputs.some((f) => f.missing > 0) ? 'interpolate' : undefined;
  const read = async (): Promise<Series> => {
    const p = { path: file, ...params, ...(missing ? { missing } : {}) };
    return format === 'parquet' ? readParquetSeries(file, p as never, { signal: new AbortController().signal }) : readCsvSeries(file, p as never);
  };
  let data: Series;
  try {
    data = await read().catch((e: unknown) => {
      // Interpolation cannot fill a gap at a series' start or end: drop those rows instead.
      if (missing !== 'interpolate' || !(e instanceof SeqpipeError) || !/MISSING_VALUE/.test(e.code)) throw e;
      missing = 'drop';
      return read();
    });
  } catch (e) {
    throw asInit(e, shown);
  }
  const offsets = data.offsets ?? Int32Array.of(0, data.length);
  const lengths = Array.from({ length: offsets.length - 1 }, (_, s) => offsets[s + 1]! - offsets[s]!);
  const longest = Math.max(...lengths);
  if (longest < MIN_ROWS) throw fail('E_INIT_TOO_SHORT', messages.E_INIT_TOO_SHORT(shown, longest, MIN_ROWS), shown, table.lastLine, 1);

  const first = { from: offsets[0]!, to: offsets[1]! };
  const step = stepOf(data.time && data.timeUnit === 'ms-epoch' ? data.time.subarray(first.from, first.to) : undefined);
  const width = data.columns.length;
  const firstValues = Float64Array.from({ length: first.to - first.from }, (_, i) => data.values[(first.from + i) * width]!);
  const season = chooseSeason(firstValues, calendarSeason(step));
  const plan = planSizes(lengths, calendarHorizon(step, season.season), season.season);

  const others = values.filter((f) => f !== target).map((f) => f.name);
  const ignored = facts.filter((f) => f !== time && f !== series && !values.includes(f)).map((f) => `${f.name} (${indices.includes(f) ? 'a row index' : f.kind})`);
  about.unshift(
    `Data: ${shown}, ${table.rows.length} rows; ${data.ids ? `${lengths.length} series by "${series!.name}" (${Math.min(...lengths)}–${longest} rows, median ${median(lengths)})` : 'one series'}.`,
    `  time: ${time ? `"${time.name}", ${step.calendar} (${step.text})` : 'none: rows in file order'}`,
    ...about.splice(0),
    `  forecast: "${target.name}"${missing ? ` (gaps: missing: ${missing})` : ''}${others.length ? `; other numeric columns${more ? ' (model inputs)' : ', unused'}: ${others.join(', ')}` : ''}`,
    ...(ignored.length ? [`  not used: ${ignored.join(', ')}`] : []),
    `  season ${plan.season}: ${season.why}`,
  );
  return { format, ...(time ? { time: time.name } : {}), ...(series ? { series: series.name } : {}), target: target.name, inputs: params.columns, ...(missing ? { missing } : {}), about, plan };
}
