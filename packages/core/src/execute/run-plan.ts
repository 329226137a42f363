/**
 * The one run path. `run` is a plan of one variant, `sweep` a plan of many; both come here, and
 * this is the only place that owns a run's housekeeping: temp cleanup, the live-run lock, the run
 * folders, resource limits and the abort signal, the warnings each variant collects, and the
 * records written once the plan has executed (run.json last). What runs where is the scheduler's
 * and the runner's business (scheduler.ts, plan/jobs.ts).
 */
import type { NumericEnvironment } from '../contract.js';
import { messages } from '../errors/codes.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';
import type { Runner } from '../plan/jobs.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { recordRun } from '../runs/record-run.js';
import { RunWriter, type RunRecord } from '../runs/run-record.js';
import type { ResolvedPipeline } from '../spec/resolved-pipeline.js';
import { ContentStore } from '../store/content-store.js';
import { acquireRunLock } from '../store/run-locks.js';
import type { ExecuteHooks } from './hooks.js';
import { InProcessRunner } from './runners/in-process.runner.js';
import { watchLimits, type RunLimits } from './run-limits.js';
import { executePlan, type VariantOutcome } from './scheduler.js';

export type RunDeps = { readonly registry: PluginRegistry; readonly env: NumericEnvironment & { fallbackNote?(): string | undefined } };

/** How a run was asked for, kept in its record: `--name`, `--tag`s, `--set`s (or a sweep's assignments) and `--seed` as given. */
export interface RunRequest {
  readonly name?: string;
  readonly tags?: readonly string[];
  readonly overrides?: readonly string[];
  readonly seed?: number;
}

export interface PlannedRun {
  readonly pipeline: ResolvedPipeline;
  readonly hooks?: ExecuteHooks;
  readonly request?: RunRequest;
}

export interface PlanRunOptions {
  readonly stateDir: string;
  /** Where jobs run; default in this process, all ready jobs at once (closed here). */
  readonly runner?: Runner;
  /** Do not read the cache (results are still written). */
  readonly noCache?: boolean;
  /** Ctrl-C / SIGTERM. */
  readonly signal?: AbortSignal;
  /** Validation warnings, kept in every record. */
  readonly warnings?: readonly string[];
  /** --max-seconds (from the start) / --max-memory: stop like Ctrl-C, with their codes. */
  readonly limits?: RunLimits;
  /** What --max-memory bounds (default: this process); with worker processes, theirs too. */
  readonly residentBytes?: () => number;
  /** Jobs handed to the runner at once, longest first (default: its concurrency; see PlanOptions). */
  readonly dispatchSlots?: number;
  /** Names the bounded thing in limit messages. */
  readonly what?: 'run' | 'sweep';
  /** Recorded in every run of a sweep. */
  readonly sweepId?: string;
  /** Called once the run ids are known, before anything executes (a sweep records its start). */
  readonly started?: (runIds: readonly string[]) => Promise<void>;
}

export interface RunResult {
  readonly record: RunRecord;
  readonly runDir: string;
  readonly error?: SeqpipeError;
}

export async function runPlan(runs: readonly PlannedRun[], deps: RunDeps, options: PlanRunOptions): Promise<RunResult[]> {
  const startedAt = new Date();
  const store = new ContentStore(options.stateDir);
  // Temp files older than an hour were left by killed writers; younger ones may be in flight.
  await store.cleanTmp();
  // One folder per run, made now (a run killed before its record is listed as incomplete); one at
  // a time, so a large sweep never holds many descriptors.
  const writers = runs.map(() => new RunWriter(store));
  // Held while the plan writes to the store, so `cache gc` leaves its new objects alone.
  const releaseLock = await acquireRunLock(options.stateDir, options.sweepId ?? writers[0]!.runId, startedAt.getTime());
  try {
    for (const [i, run] of runs.entries()) await writers[i]!.writeJson('pipeline.json', run.pipeline.document);
    await options.started?.(writers.map((w) => w.runId));
    const warnings = runs.map(() => [...(options.warnings ?? [])]);
    const runner = options.runner ?? new InProcessRunner({ ...deps, store });
    const limits = watchLimits(options.limits, options.signal, options.residentBytes, options.what);
    const execution = await executePlan(
      runs.map((run, i) => ({ pipeline: run.pipeline, hooks: collectWarnings(run.hooks ?? {}, warnings[i]!) })),
      {
        ...deps, store, runner, ...(options.noCache ? { noCache: true } : {}), signal: limits.signal, beforeStage: limits.check,
        ...(options.dispatchSlots !== undefined ? { dispatchSlots: options.dispatchSlots } : {}),
      },
    ).finally(() => limits.stop());
    try {
      const results: RunResult[] = [];
      const present = new Map<string, Promise<boolean>>();
      for (const [i, run] of runs.entries()) {
        const outcome = await withLostOutputs(execution.outcomes[i]!, options.stateDir, (digest) => {
          if (!present.has(digest)) present.set(digest, store.hasObject(digest));
          return present.get(digest)!;
        });
        const record = await recordRun(writers[i]!, run.pipeline, {
          ...outcome, artifact: (id) => execution.artifact(i, id), encoded: (id) => execution.encoded(i, id),
        }, deps, { startedAt, warnings: warnings[i]!, ...run.request, ...(options.sweepId ? { sweepId: options.sweepId } : {}) });
        results.push({ record, runDir: writers[i]!.dir, ...(outcome.error ? { error: outcome.error } : {}) });
      }
      return results;
    } finally {
      await execution.dispose();
      if (!options.runner) await runner.close();
    }
  } finally {
    await releaseLock();
  }
}

/**
 * A run is a success only if what it made is still there: a state dir deleted (or cleared by
 * hand) under a running run fails it with E_STATE_LOST, instead of a record that no later
 * `predict` or `show` can use.
 */
async function withLostOutputs(outcome: VariantOutcome, stateDir: string, has: (digest: string) => Promise<boolean>): Promise<VariantOutcome> {
  if (outcome.error) return outcome;
  const lost: string[] = [];
  for (const r of outcome.records) if (r.digest && !(await has(r.digest))) lost.push(r.id);
  if (!lost.length) return outcome;
  return { ...outcome, error: new SeqpipeError('E_STATE_LOST', messages.E_STATE_LOST(stateDir, lost), { exitCode: 1 }) };
}

/** A variant's warnings (its stages' `warn` logs) go to its record as well as to its reporter. */
function collectWarnings(hooks: ExecuteHooks, into: string[]): ExecuteHooks {
  return {
    ...hooks,
    log(stage, level, message) {
      if (level === 'warn') into.push(`${stage}: ${message}`);
      hooks.log?.(stage, level, message);
    },
  };
}
