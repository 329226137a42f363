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

/**
 * Identical values (a model that ignores its seed) give exactly that value ± 0: a rounded sum / n
 * can differ from them in the last bit, and the deviations from it would then show as 2.7e-16.
 * Otherwise two passes, the second corrected by the mean deviation's rounding error.
 */
export function stat(values: readonly number[]): Stat {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN, n };
  if (values.every((v) => v === values[0])) return { mean: values[0]!, std: 0, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, std: 0, n };
  let squares = 0, deviation = 0;
  for (const v of values) {
    squares += (v - mean) ** 2;
    deviation += v - mean;
  }
  return { mean, std: Math.sqrt(Math.max(0, squares - (deviation * deviation) / n) / (n - 1)), n };
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
