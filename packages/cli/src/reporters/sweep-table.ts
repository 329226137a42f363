/**
 * A sweep's closing table on the terminal: the varied parameters and a few chosen metrics, ranked,
 * the best variant marked. Every metric of every evaluator (30 columns for a model beside two
 * baselines) stays in `--json` and the sweep report; a terminal shows what decides.
 */
import type { Stat, SummaryRow, SweepRecord } from '@seqpipe/core';

const fmt = (n: number): string => (!Number.isFinite(n) ? '–' : n === 0 ? '0' : Math.abs(n) >= 1e-3 && Math.abs(n) < 1e4 ? n.toFixed(5) : n.toExponential(3));
const short = (name: string): string => name.slice(name.lastIndexOf('.') + 1);
const value = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
/** mean ± std over seeds; just the value for one seed. */
const pm = (s: Stat | undefined): string => (!s || s.n === 0 ? '–' : s.n === 1 ? fmt(s.mean) : `${fmt(s.mean)} ± ${fmt(s.std)}`);

/** Skill and R² grow with quality; every other metric (errors, OWA) shrinks. */
export const higherIsBetter = (metric: string): boolean => /(^|\.)(skill_\w+|r2)$/.test(metric);

/** `evaluator.metric` names in record order (evaluators as they ran). */
const metricNames = (rows: readonly SummaryRow[]): string[] => [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];
const differs = (rows: readonly SummaryRow[], m: string): boolean => new Set(rows.map((r) => r.metrics[m]?.mean)).size > 1;

/**
 * The default columns: the first evaluator's mase (else mae_original), preferring an evaluator
 * where it differs between variants (not a baseline's, the same for all), then its owa and its
 * skill on that metric when present.
 */
export function defaultMetrics(rows: readonly SummaryRow[]): string[] {
  const names = metricNames(rows);
  const stages = [...new Set(names.map((m) => m.slice(0, m.indexOf('.'))))];
  const headline = (stage: string): string | undefined => [`${stage}.mase`, `${stage}.mae_original`].find((m) => names.includes(m));
  const stage = stages.find((s) => headline(s) && differs(rows, headline(s)!)) ?? stages.find((s) => headline(s));
  if (!stage) return [];
  const first = headline(stage)!;
  return [first, `${stage}.owa`, `${stage}.skill_${short(first).replace(/_original$/, '')}`].filter((m) => names.includes(m));
}

export interface SweepTable {
  readonly text: string;
  /** The metric that ranks (the first shown), if any. */
  readonly rankedBy?: string;
}

/**
 * The table. `chosen`: `--metric` names (validated against the pipeline's evaluators by the
 * command); a chosen metric no variant reported is named under the table with what there is.
 */
export function sweepTable(record: Pick<SweepRecord, 'grid' | 'summary'>, chosen: readonly string[] = []): SweepTable {
  const axes = Object.keys(record.grid);
  const rows = record.summary ?? [];
  const names = metricNames(rows);
  const metrics = chosen.length ? chosen.filter((m) => names.includes(m)) : defaultMetrics(rows);
  const missing = chosen.filter((m) => !names.includes(m));
  const by = metrics[0];
  const score = (r: SummaryRow): number => {
    const s = by ? r.metrics[by] : undefined;
    return !s?.n ? Number.NaN : higherIsBetter(by!) ? -s.mean : s.mean;
  };
  // Stable: equal scores keep grid order; a variant without the metric goes last.
  const ranked = by ? [...rows].sort((a, b) => (Number.isNaN(score(a)) ? 1 : 0) - (Number.isNaN(score(b)) ? 1 : 0) || score(a) - score(b) || 0) : [...rows];
  // Every variant tied for the best score is marked (a metric the grid does not move marks them all).
  const top = ranked[0] ? score(ranked[0]) : Number.NaN;
  const isBest = (r: SummaryRow): boolean => !Number.isNaN(top) && score(r) === top;
  const header = ['', ...axes.map(short), 'seeds', ...metrics, 'seconds'];
  const body = ranked.map((r) => [isBest(r) ? '★' : '', ...axes.map((a) => value(r.params[a])), String(r.seeds.length), ...metrics.map((m) => pm(r.metrics[m])), pm(r.seconds)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd() + '\n';
  const rule = by ? `ranked by ${by} (mean over seeds, ${higherIsBetter(by) ? 'higher' : 'lower'} is better), ★ best` : 'in grid order';
  const lines = [
    `metrics: mean ± std over seeds; seconds: stage time each variant executed; ${rule}\n`,
    line(header),
    ...body.map(line),
    ...missing.map((m) => `  no metric ${m} in this sweep; ${m.slice(0, m.indexOf('.'))} has: ${names.filter((n) => n.startsWith(`${m.slice(0, m.indexOf('.'))}.`)).map(short).join(', ') || 'nothing'}\n`),
    `  ${metrics.length} of ${names.length} metrics shown (--metric EVALUATOR.METRIC to choose); every metric: --json and the sweep report\n`,
  ];
  return { text: lines.join(''), ...(by ? { rankedBy: by } : {}) };
}
