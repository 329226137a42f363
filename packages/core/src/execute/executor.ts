/**
 * Runs one resolved pipeline: a plan of one variant (execute/scheduler.ts) on a runner, in-process
 * unless told otherwise. A stage whose key is in the store is a hit and does no work; its artifact
 * is loaded only if a stage that must run needs it.
 */
import type { Artifact } from '../artifacts/kinds.js';
import type { EncodedArtifact, NumericEnvironment, ProgressEvent } from '../contract.js';
import type { SeqpipeError } from '../errors/seqpipe-error.js';
import type { Runner } from '../plan/jobs.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { StageRecord } from '../runs/run-record.js';
import type { ResolvedPipeline, ResolvedStage } from '../spec/resolved-pipeline.js';
import type { ContentStore } from '../store/content-store.js';
import { InProcessRunner } from './runners/in-process.runner.js';
import { executePlan } from './scheduler.js';

export interface ExecuteHooks {
  /** `cached` false: the stage starts running here; true: it is a hit (or another variant ran it). */
  stageStart?(stage: ResolvedStage, cached: boolean): void;
  stageEnd?(record: StageRecord): void;
  progress?(stage: string, event: ProgressEvent): void;
  log?(stage: string, level: 'info' | 'warn', message: string): void;
}

export interface ExecuteOptions {
  readonly registry: PluginRegistry;
  readonly store: ContentStore;
  readonly env: NumericEnvironment;
  /** Where jobs run; default in-process (closed with the execution). */
  readonly runner?: Runner;
  /** Do not read the cache (results are still written). */
  readonly noCache?: boolean;
  readonly hooks?: ExecuteHooks;
  readonly signal?: AbortSignal;
  /** Called before each stage starts (resource-limit checks); may abort `signal`. */
  readonly beforeStage?: () => void;
}

export interface Execution {
  readonly records: readonly StageRecord[];
  /** Whether a job of this run loaded TensorFlow in the process that ran it. */
  readonly tensorflowLoaded: boolean;
  /** The artifact a stage produced, loaded (and verified) from the store. */
  artifact(stageId: string): Promise<Artifact>;
  /** The stored encoding of a stage's artifact (for exports that need no decoding). */
  encoded(stageId: string): Promise<EncodedArtifact>;
  /** Frees what the run holds (trained models' tensors). */
  dispose(): Promise<void>;
}

export async function execute(pipeline: ResolvedPipeline, options: ExecuteOptions): Promise<Execution & { error?: SeqpipeError }> {
  const runner = options.runner ?? new InProcessRunner(options);
  const plan = await executePlan([{ pipeline, ...(options.hooks ? { hooks: options.hooks } : {}) }], { ...options, runner });
  const { records, error, tensorflowLoaded } = plan.outcomes[0]!;
  return {
    records,
    tensorflowLoaded,
    ...(error ? { error } : {}),
    artifact: (id) => plan.artifact(0, id),
    encoded: (id) => plan.encoded(0, id),
    async dispose() {
      await plan.dispose();
      if (!options.runner) await runner.close();
    },
  };
}
