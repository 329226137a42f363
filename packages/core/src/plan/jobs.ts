/**
 * "What to run", apart from "where it runs". A plan — one run, a sweep's variants, backtest folds —
 * is a DAG of stage jobs. A job is everything its cache key is made of, plus the stage id for
 * logs: a worker on any machine with the same plugins can run it from this description alone,
 * reading inputs from and writing its output to the content store by digest. Identical keys are
 * one job, however many variants need it. A job's key is known only once its inputs' digests are,
 * so the scheduler (execute/scheduler.ts) builds each job when its upstream jobs have finished.
 */
import type { NumericEnv, ProgressEvent } from '../contract.js';
import type { JsonObject } from '../json.js';

/** A stage to run: plain JSON, so it can cross a process or a queue. */
export interface JobSpec {
  /** The cache key of this material (plan/cache-key.ts); the job's identity. */
  readonly key: string;
  readonly uses: string;
  /** The plugin version the plan was made with; a worker without it refuses the job. */
  readonly pluginVersion: string;
  /** Resolved params (defaults filled), volatile ones included: the stage receives them all. */
  readonly params: JsonObject;
  /** Port → content digest of the upstream artifact. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The stage seed (derived from the pipeline seed and stage id); keyed for random stages only. */
  readonly seed: number;
  /** The numeric environment the key assumes (numeric stages only). */
  readonly env?: NumericEnv;
  /** The stage's fingerprint of content outside its params (a CSV's digest), when it has one. */
  readonly external?: string;
  /** A `plugins:` stage's package version or file digest (keyed; absent for built-ins). */
  readonly plugin?: JsonObject;
  /**
   * A `plugins:` stage's entry as the pipeline wrote it (a path relative to `pipelineDir`, or a
   * package resolved from there): which module a worker without the stage imports. A name, never
   * code; not keyed (`plugin` is), and the worker checks that what it imported matches `plugin`.
   */
  readonly pluginEntry?: string;
  /** The pipeline's folder: relative paths in params resolve against it (not keyed). */
  readonly pipelineDir: string;
  /** The stage id in the plan that asked first (for logs, progress and the manifest). */
  readonly stage: string;
}

/** What a runner answers: where the output is. The runner never carries the artifact itself. */
export interface JobResult {
  /**
   * The key the output was filed under. It differs from the spec's key only when a numeric stage
   * ran on another backend than the plan assumed (the output is keyed by what really ran).
   */
  readonly key: string;
  readonly digest: string;
  readonly kind: string;
  readonly seconds: number;
  /** Whether the process that ran it had TensorFlow loaded (for run records). */
  readonly tensorflowLoaded?: boolean;
  /** The stage went on from its checkpoint after this many epochs (resumable training). */
  readonly resumedFrom?: { readonly epoch: number; readonly epochs: number };
}

/** What a running job reports back, by stage id. */
export interface JobEvents {
  /** The job has left the queue and is running. */
  start?(): void;
  progress?(event: ProgressEvent): void;
  log?(level: 'info' | 'warn', message: string): void;
}

/**
 * Where jobs run. `run` is called only for ready jobs (inputs in the store) that are not already
 * in the store; a runner may queue them (at most `concurrency` at once). It rejects with a
 * SeqpipeError carrying the stage's own code when the stage fails, E_INPUT_MISSING when an input
 * object is absent or corrupt (the scheduler recomputes it and retries), E_INTERRUPTED on abort.
 * Implementations: in-process (runners/in-process.runner.ts), a local pool of worker processes
 * (runners/pool.runner.ts); a queue backend on other machines implements the same three members.
 */
export interface Runner {
  readonly concurrency: number;
  run(job: JobSpec, events: JobEvents, signal: AbortSignal): Promise<JobResult>;
  /** Frees workers and whatever the runner holds in memory. */
  close(): Promise<void>;
}
