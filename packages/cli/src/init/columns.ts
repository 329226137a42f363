/**
 * What each column of a table is, from its text cells alone: a time column (every cell a
 * timestamp source/csv reads), a series id column of a long file, a row index, or values. Pure
 * functions over a TextTable, so the rules are tested without files.
 */
import { parseTimestamp, readCell, type TextTable } from '@seqpipe/stages';

export interface ColumnFacts {
  readonly name: string;
  readonly index: number;
  /** number: every non-missing cell a finite number; time: every non-missing cell a timestamp. */
  readonly kind: 'number' | 'time' | 'text' | 'empty' | 'other';
  readonly missing: number;
  /** Numbers only: every cell an integer. */
  readonly integer: boolean;
  /** A four-digit integer column named like a year or a time: a time column of bare years. */
  readonly years: boolean;
}

/** Names of a column of bare years (`1990`, `1991`, …) that is a time, not a value. */
const YEARISH = /year|yr|date|time|period|when|^ds$/i;

export function columnFacts(table: TextTable): ColumnFacts[] {
  return table.names.map((name, index) => {
    let missing = 0, numbers = 0, times = 0, integers = 0, yearCells = 0, other = 0;
    for (const row of table.rows) {
      const raw = row[index] ?? '';
      const cell = readCell(raw);
      if (cell.kind === 'missing') missing++;
      else if (cell.kind === 'number') {
        numbers++;
        if (Number.isInteger(cell.value)) integers++;
        if (/^\d{4}$/.test(raw.trim())) yearCells++;
      } else if (cell.kind === 'infinite') numbers++; // a value column with a bad cell: the read locates it
      else if (parseTimestamp(raw) !== undefined) times++;
      else other++;
    }
    const present = table.rows.length - missing;
    const declared = table.types?.[index];
    const kind: ColumnFacts['kind'] = declared === 'other' ? 'other'
      : present === 0 ? 'empty'
      : declared === 'date' ? 'time'
      : numbers === present ? 'number'
      : times + numbers === present && times > 0 && declared !== 'number' ? 'time'
      : declared === 'number' ? 'number' : 'text';
    return {
      name, index, kind, missing, integer: kind === 'number' && integers === present,
      years: kind === 'number' && yearCells === present && YEARISH.test(name) && declared !== 'number',
    };
  });
}

/** Time candidates, in file order: timestamp columns with no empty cell, and year columns. */
export const timeCandidates = (facts: readonly ColumnFacts[]): ColumnFacts[] =>
  facts.filter((f) => ((f.kind === 'time' && f.missing === 0) || f.years));

/** Names an integer id column may have: `id`, `unique_id`, `store`, `item_nbr`, `sensor`, … */
const ID_NAME = /(^|_)id$|^id|series|store|shop|item|sku|site|station|sensor|meter|key|code/i;

/** Row indices grouped by the text of column `series` (ids trimmed, in order of first appearance). */
export function groups(table: TextTable, series: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  table.rows.forEach((row, r) => {
    const id = (row[series] ?? '').trim();
    const g = out.get(id);
    if (g) g.push(r);
    else out.set(id, [r]);
  });
  return out;
}

const timeOf = (table: TextTable, r: number, column: number): number => parseTimestamp(table.rows[r]![column] ?? '') ?? Number.NaN;

function hasDuplicate(table: TextTable, rows: readonly number[], time: number): boolean {
  const seen = new Set<number>();
  for (const r of rows) {
    const t = timeOf(table, r, time);
    if (seen.has(t)) return true;
    seen.add(t);
  }
  return false;
}

/**
 * Series-column candidates of a long file: a text column (or, with a repeating time, an integer
 * one named like an id) with no empty cell, at least two ids and
 * at most half as many ids as rows, whose groups each have distinct times while the time column
 * alone repeats (with a time column), or whose groups are contiguous blocks (without one).
 */
export function seriesCandidates(table: TextTable, facts: readonly ColumnFacts[], time: ColumnFacts | undefined): ColumnFacts[] {
  const all = table.rows.map((_, r) => r);
  const timeRepeats = time !== undefined && hasDuplicate(table, all, time.index);
  return facts.filter((f) => {
    // Integer ids (store 1, 2, …) only under an id's name, where a repeating time shows the rows
    // are grouped: an integer value column (counts) can group rows with distinct times too.
    const idLike = f.kind === 'text' || (timeRepeats && f.kind === 'number' && f.integer && ID_NAME.test(f.name));
    if (!idLike || f.missing > 0 || f === time) return false;
    const g = groups(table, f.index);
    if (g.size < 2 || g.size > table.rows.length / 2) return false;
    if (time) return timeRepeats && [...g.values()].every((rows) => !hasDuplicate(table, rows, time.index));
    return [...g.values()].every((rows) => rows[rows.length - 1]! - rows[0]! === rows.length - 1);
  });
}

/**
 * Whether a numeric column is a row index: integers advancing by one constant positive step
 * within every series (e.g. the M4 panel's `t`), so it is not a value to forecast.
 */
export function isIndex(table: TextTable, f: ColumnFacts, seriesRows: readonly (readonly number[])[]): boolean {
  if (!f.integer || f.missing > 0) return false;
  let step: number | undefined;
  for (const rows of seriesRows) {
    for (let i = 1; i < rows.length; i++) {
      const d = Number(table.rows[rows[i]!]![f.index]) - Number(table.rows[rows[i - 1]!]![f.index]);
      if (!(d > 0) || (step !== undefined && d !== step)) return false;
      step = d;
    }
  }
  return step !== undefined;
}
