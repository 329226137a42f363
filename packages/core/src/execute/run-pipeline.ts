/** One run: a plan of one variant on the one run path (run-plan.ts). */
import type { ResolvedPipeline } from '../spec/resolved-pipeline.js';
import type { Runner } from '../plan/jobs.js';
import type { ExecuteHooks } from './hooks.js';
import { runPlan, type RunDeps, type RunRequest, type RunResult } from './run-plan.js';
import type { RunLimits } from './run-limits.js';

export interface RunOptions {
  readonly stateDir: string;
  readonly noCache?: boolean;
  readonly hooks?: ExecuteHooks;
  readonly signal?: AbortSignal;
  /** Validation warnings, kept in the record. */
  readonly warnings?: readonly string[];
  /** Where jobs run; default in-process. */
  readonly runner?: Runner;
  /** --max-seconds / --max-memory. */
  readonly limits?: RunLimits;
  /** How the run was asked for, kept in the record. */
  readonly request?: RunRequest;
}

export async function runPipeline(pipeline: ResolvedPipeline, deps: RunDeps, options: RunOptions): Promise<RunResult> {
  const { hooks, request, ...rest } = options;
  const [result] = await runPlan([{ pipeline, ...(hooks ? { hooks } : {}), ...(request ? { request } : {}) }], deps, { ...rest, what: 'run' });
  return result!;
}
