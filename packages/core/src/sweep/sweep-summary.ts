/** The sweep table's numbers: per grid combination, each metric as mean ± std over its seeds. */
import type { RunRecord } from '../runs/run-record.js';

export interface Stat {
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for a single seed. */
  readonly std: number;
  readonly n: number;
}

export interface SummaryRow {
  readonly params: Readonly<Record<string, unknown>>;
  readonly seeds: readonly number[];
  readonly runIds: readonly string[];
  /** `evaluator.metric` → stat over the seeds whose run succeeded. */
  readonly metrics: Readonly<Record<string, Stat>>;
  /** Seconds of stages this combination's variants executed (shared ones count once, where they ran). */
  readonly seconds: Stat;
}

export function stat(values: readonly number[]): Stat {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const std = n < 2 ? 0 : Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return { mean, std, n };
}

export function summarize(variants: readonly { readonly params: Readonly<Record<string, unknown>>; readonly seed: number; readonly record: RunRecord }[]): SummaryRow[] {
  const groups = new Map<string, (typeof variants)[number][]>();
  for (const v of variants) {
    const id = JSON.stringify(v.params);
    groups.set(id, [...(groups.get(id) ?? []), v]);
  }
  return [...groups.values()].map((group) => {
    const ok = group.filter((v) => v.record.status === 'success');
    const names = [...new Set(ok.flatMap((v) => Object.entries(v.record.metrics).flatMap(([stage, m]) => Object.keys(m).map((k) => `${stage}.${k}`))))];
    const metrics = Object.fromEntries(names.map((name) => {
      const dot = name.indexOf('.');
      const values = ok.map((v) => v.record.metrics[name.slice(0, dot)]?.[name.slice(dot + 1)]).filter((x): x is number => typeof x === 'number');
      return [name, stat(values)];
    }));
    const seconds = stat(group.map((v) => v.record.stages.filter((s) => s.status === 'ran').reduce((a, s) => a + s.seconds, 0)));
    return { params: group[0]!.params, seeds: group.map((v) => v.seed), runIds: group.map((v) => v.record.runId), metrics, seconds };
  });
}
