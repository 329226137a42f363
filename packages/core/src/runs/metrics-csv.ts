/**
 * An evaluation's tables (see MetricsTables) as CSV, for runs/<id>/series/<stage>.csv (one row per
 * series: id, then its metrics) and runs/<id>/forecasts/<stage>.csv (one row per forecast point).
 * An absent value (NaN) is an empty cell; numbers print as JavaScript prints them (round-trip exact).
 */
import { stringify } from 'csv-stringify/sync';
import type { MetricsTables, NumberTable } from '../artifacts/kinds.js';
import { formatTime } from '../artifacts/time-axis.js';

/** Where a run keeps a metrics stage's tables, relative to the run folder. */
export const tableFiles = (stageId: string): { readonly series: string; readonly forecasts: string } => ({
  series: `series/${stageId}.csv`,
  forecasts: `forecasts/${stageId}.csv`,
});

export function tableCsv(tables: MetricsTables, which: 'series' | 'forecasts'): string {
  const table: NumberTable = tables[which];
  const names = Object.keys(table);
  const length = names.length ? table[names[0]!]!.length : 0;
  const cell = (name: string, v: number): string => {
    if (Number.isNaN(v)) return '';
    if (name === 'series') return tables.ids[v]!;
    if (name === 'target') return tables.targets?.[v] ?? String(v);
    if (name === 'time' && tables.timeUnit === 'ms-epoch') return formatTime(v);
    return String(v);
  };
  const parts = [stringify([names.map((n) => (n === 'series' ? 'id' : n))])];
  // In chunks, so a panel's million points never become one array of row arrays.
  for (let from = 0; from < length; from += CHUNK) {
    const rows: string[][] = [];
    for (let i = from; i < Math.min(length, from + CHUNK); i++) rows.push(names.map((n) => cell(n, table[n]![i]!)));
    parts.push(stringify(rows));
  }
  return parts.join('');
}

const CHUNK = 10_000;
