/**
 * What both readers keep from each record, decided before reading: the time field, the `where`
 * filters, the value columns when named; and the errors they share, so the fast reader and the
 * csv-parse one word and place them alike.
 */
import { messages, suggest } from '@seqpipe/core';
import { csvError, displayPath, type CsvLayout } from './csv-file.js';
import type { CsvParams } from './csv-params.js';

/** Rows buffered to decide which columns are numeric when `columns` is not given. */
export const SAMPLE = 100;
/** Distinct `where` values remembered for a did-you-mean when nothing matches. */
export const SEEN_LIMIT = 1000;

export const TIMESTAMP = 'a timestamp (ISO 8601 date or date-time, a year, or a form like "Jan 1 2000")';

export interface WhereClause {
  readonly field: number;
  readonly name: string;
  readonly value: string;
}

export interface RowPlan {
  readonly timeField?: number;
  /** The `series` column (long-format panels): each kept row's id is read from it. */
  readonly seriesField?: number;
  readonly where: readonly WhereClause[];
  /** Distinct cells seen per `where` column (up to SEEN_LIMIT), for the did-you-mean. */
  readonly seen: Map<string, Set<string>>;
  /** Value fields when `columns` names them; otherwise decided from the first SAMPLE rows. */
  readonly fields?: number[];
}

/** Field index of each column name (its first occurrence): one lookup per named column, not a scan. */
export function namePositions(names: readonly string[]): Map<string, number> {
  const at = new Map<string, number>();
  names.forEach((n, i) => at.has(n) || at.set(n, i));
  return at;
}

/** Index of each named column; E_CSV_MISSING_COLUMN at the header line when one is absent. */
export function columnIndex(file: string, layout: CsvLayout, positions: ReadonlyMap<string, number>, name: string, param: string): number {
  const i = positions.get(name) ?? -1;
  if (i < 0) throw csvError('E_CSV_MISSING_COLUMN', messages.E_CSV_MISSING_COLUMN(name, param, layout.names, suggest(name, layout.names)), file, 1, 1);
  return i;
}

export function planRows(file: string, params: CsvParams, layout: CsvLayout): RowPlan {
  const positions = namePositions(layout.names);
  const timeField = params.time === undefined ? undefined : columnIndex(file, layout, positions, params.time, 'time');
  const seriesField = params.series === undefined ? undefined : columnIndex(file, layout, positions, params.series, 'series');
  const where = Object.entries(params.where ?? {}).map(([name, v]) => ({ field: columnIndex(file, layout, positions, name, `where.${name}`), name, value: String(v) }));
  const fields = params.columns?.map((c, i) => columnIndex(file, layout, positions, c, `columns[${i}]`));
  return { ...(timeField === undefined ? {} : { timeField }), ...(seriesField === undefined ? {} : { seriesField }), where, seen: new Map(where.map((w) => [w.name, new Set<string>()])), ...(fields ? { fields } : {}) };
}

/** Index of the first header cell repeating an earlier non-empty name (trimmed); -1 if none. Linear in the columns. */
export function duplicateName(header: readonly string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < header.length; i++) {
    const name = header[i]!.trim();
    if (name === '') continue;
    if (seen.has(name)) return i;
    seen.add(name);
  }
  return -1;
}

/** Default value fields: those whose first non-missing sampled cell is a number (`kind` reads a sampled cell). */
export function numericFields(layout: CsvLayout, plan: RowPlan, rows: number, kind: (row: number, field: number) => string): number[] {
  const skip = new Set([plan.timeField, plan.seriesField, ...plan.where.map((w) => w.field)]);
  const numeric = (f: number): boolean => {
    for (let r = 0; r < rows; r++) {
      const k = kind(r, f);
      if (k !== 'missing') return k === 'number' || k === 'infinite';
    }
    return false;
  };
  return layout.names.map((_, f) => f).filter((f) => !skip.has(f) && numeric(f));
}

/** A row without its series id: E_CSV_MISSING_VALUE at the id's cell. */
export const noSeriesId = (file: string, column: string, line: number, col: number) =>
  csvError('E_CSV_MISSING_VALUE', messages.E_CSV_MISSING_VALUE(column, ': each row needs its series id ("series")'), file, line, col);

export const noColumns = (file: string, when: string) => csvError('E_CSV_NO_COLUMNS', messages.E_CSV_NO_COLUMNS(when), file);

/** No row kept: E_CSV_EMPTY, with a did-you-mean per `where` filter. */
export function noRows(file: string, plan: RowPlan) {
  const filter = plan.where.map((w) => {
    const hint = suggest(w.value, plan.seen.get(w.name)!);
    return ` matching ${w.name} = "${w.value}"${hint ? ` — did you mean "${hint}"?` : ''}`;
  }).join(',');
  return csvError('E_CSV_EMPTY', messages.E_CSV_EMPTY(displayPath(file), filter), file);
}
