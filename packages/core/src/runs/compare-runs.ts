/**
 * `seqpipe compare`: which resolved parameters differ between runs, and one metrics table with
 * each run's delta against the first. Pure: callers read the records and pipeline.json files.
 */
import type { JsonObject, JsonValue } from '../json.js';
import type { RunRecord } from './run-record.js';
import { jsonDiff } from './stage-status.js';

export interface RunComparison {
  readonly runs: readonly { readonly runId: string; readonly name?: string; readonly pipeline: string; readonly seed: number; readonly status: string; readonly seconds: number }[];
  /** Paths in the resolved pipeline (`stages.model.with.layers.0.cell`) whose value differs; one value per run. */
  readonly params: readonly { readonly path: string; readonly values: readonly (JsonValue | undefined)[] }[];
  /** One row per evaluator metric; `deltas[i]` = run i − run 0 (undefined where either is missing). */
  readonly metrics: readonly {
    readonly stage: string; readonly metric: string;
    readonly values: readonly (number | undefined)[]; readonly deltas: readonly (number | undefined)[];
  }[];
}

export function compareRuns(records: readonly RunRecord[], pipelines: readonly JsonObject[]): RunComparison {
  const first = pipelines[0] ?? {};
  const paths = new Set<string>();
  for (const p of pipelines.slice(1)) for (const d of jsonDiff(first, p)) paths.add(d.path);
  // The seed is part of the resolved pipeline too; the name is not a parameter.
  paths.delete('name');
  const params = [...paths].sort().map((path) => ({ path, values: pipelines.map((p) => at(p, path)) }));

  const rows: { stage: string; metric: string }[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const [stage, values] of Object.entries(r.metrics)) {
      for (const metric of Object.keys(values)) {
        if (!seen.has(`${stage}\0${metric}`)) rows.push({ stage, metric });
        seen.add(`${stage}\0${metric}`);
      }
    }
  }
  const metrics = rows.map(({ stage, metric }) => {
    const values = records.map((r) => r.metrics[stage]?.[metric]);
    const base = values[0];
    return { stage, metric, values, deltas: values.map((v) => (v === undefined || base === undefined ? undefined : v - base)) };
  });
  return {
    runs: records.map((r) => ({
      runId: r.runId, ...(r.name ? { name: r.name } : {}), pipeline: r.pipeline.name, seed: r.pipeline.seed, status: r.status, seconds: r.seconds,
    })),
    params,
    metrics,
  };
}

function at(value: unknown, path: string): JsonValue | undefined {
  let v: unknown = value;
  for (const k of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v as JsonValue | undefined;
}
