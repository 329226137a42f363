/**
 * A sweep: one plan over all its variants (shared keys run once), then one ordinary run record per
 * variant and a sweep record, `<state>/sweeps/<sweepId>.json`, written at the start (running) and
 * again at the end. Killed and started again, a sweep finds its finished stages in the cache.
 */
import { join } from 'node:path';
import type { ExecuteHooks } from '../execute/hooks.js';
import type { RunLimits } from '../execute/run-limits.js';
import { runPlan, type RunDeps } from '../execute/run-plan.js';
import type { Runner } from '../plan/jobs.js';
import { newRunId, type RunRecord, type RunStatus } from '../runs/run-record.js';
import { writeAtomic } from '../store/atomic-write.js';
import type { SweepPlan, SweepVariant } from './expand-sweep.js';
import { summarize, type SummaryRow } from './sweep-summary.js';

export interface SweepOptions {
  readonly stateDir: string;
  readonly runner: Runner;
  readonly name?: string;
  readonly noCache?: boolean;
  readonly signal?: AbortSignal;
  /** Progress for one variant (per-job lines, bars). */
  readonly hooksFor?: (variant: SweepVariant) => ExecuteHooks;
  /** Validation warnings, kept in every record. */
  readonly warnings?: readonly string[];
  /** --max-seconds (the whole sweep, from its start) / --max-memory: stop it like Ctrl-C, with their codes. */
  readonly limits?: RunLimits;
  /** What --max-memory bounds (default: this process); with worker processes, theirs too. */
  readonly residentBytes?: () => number;
  /** Jobs handed to the runner at once, longest first (default: its concurrency; see PlanOptions). */
  readonly dispatchSlots?: number;
}

export interface SweepRecord {
  readonly sweepId: string;
  readonly name?: string;
  readonly pipeline: { readonly name: string; readonly file: string };
  readonly status: RunStatus | 'running';
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly seconds?: number;
  readonly jobs: number;
  readonly grid: Readonly<Record<string, readonly unknown[]>>;
  readonly seeds: readonly number[];
  readonly variants: readonly { readonly runId: string; readonly params: Readonly<Record<string, unknown>>; readonly seed: number; readonly status?: RunStatus }[];
  /** Stage jobs that executed, and stage results that came from the cache or another variant. */
  readonly stages?: { readonly ran: number; readonly cached: number };
  readonly summary?: readonly SummaryRow[];
}

export interface SweepResult {
  readonly record: SweepRecord;
  readonly runs: readonly { readonly variant: SweepVariant; readonly record: RunRecord; readonly runDir: string }[];
  readonly file: string;
}

export async function runSweep(plan: SweepPlan & { variants: readonly SweepVariant[] }, deps: RunDeps, options: SweepOptions): Promise<SweepResult> {
  const startedAt = new Date();
  const sweepId = newRunId(startedAt);
  const file = join(options.stateDir, 'sweeps', `${sweepId}.json`);
  const first = plan.variants[0]!.pipeline;
  const save = (r: SweepRecord): Promise<void> => writeAtomic(file, `${JSON.stringify(r, null, 2)}\n`, join(options.stateDir, 'tmp'));
  let base: SweepRecord | undefined;
  const { hooksFor, name: _name, ...rest } = options;
  const results = await runPlan(
    plan.variants.map((v) => ({ pipeline: v.pipeline, request: { overrides: v.overrides }, ...(hooksFor ? { hooks: hooksFor(v) } : {}) })),
    deps,
    {
      ...rest, what: 'sweep', sweepId,
      // The sweep's record exists from its start (status running), so a killed sweep is listed.
      started: async (runIds) => {
        base = {
          sweepId, ...(options.name ? { name: options.name } : {}),
          pipeline: { name: first.name, file: first.file }, status: 'running', startedAt: startedAt.toISOString(),
          jobs: options.runner.concurrency, grid: Object.fromEntries(plan.grid.map((a) => [a.name, a.values])), seeds: plan.seeds,
          variants: plan.variants.map((v, i) => ({ runId: runIds[i]!, params: v.params, seed: v.seed })),
        };
        await save(base);
      },
    },
  );
  const runs = results.map((r, i) => ({ variant: plan.variants[i]!, record: r.record, runDir: r.runDir }));
  const finishedAt = new Date();
  const statuses = runs.map((r) => r.record.status);
  const stages = runs.flatMap((r) => r.record.stages);
  const record: SweepRecord = {
    ...base!,
    status: statuses.includes('interrupted') ? 'interrupted' : statuses.every((s) => s === 'success') ? 'success' : 'failed',
    finishedAt: finishedAt.toISOString(),
    seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    variants: runs.map((r) => ({ runId: r.record.runId, params: r.variant.params, seed: r.variant.seed, status: r.record.status })),
    stages: { ran: stages.filter((s) => s.status === 'ran').length, cached: stages.filter((s) => s.status === 'hit').length },
    summary: summarize(runs.map((r) => ({ params: r.variant.params, seed: r.variant.seed, record: r.record }))),
  };
  await save(record);
  return { record, runs, file };
}
