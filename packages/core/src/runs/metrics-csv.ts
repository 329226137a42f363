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
  const cell = (name: string, v: number): string | number => {
    if (Number.isNaN(v)) return '';
    if (name === 'series') return tables.ids[v]!;
    if (name === 'target') return tables.targets?.[v] ?? v;
    if (name === 'time' && tables.timeUnit === 'ms-epoch') return formatTime(v);
    return v;
  };
  const header = names.map((n) => (n === 'series' ? 'id' : n));
  const rows: (string | number)[][] = new Array(length);
  for (let i = 0; i < length; i++) rows[i] = names.map((n) => cell(n, table[n]![i]!));
  return stringify([header, ...rows]);
}
