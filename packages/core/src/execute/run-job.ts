/**
 * Runs one job where it lands (the main thread or a worker): read the inputs from the store by
 * digest, run the stage, store the output by digest and file it under its key. Everything it
 * needs is in the job and the store, so any process with the same plugins can do it.
 */
import type { Artifact } from '../artifacts/kinds.js';
import { fromBytes, toBytes } from '../artifacts/envelope.js';
import type { NumericEnvironment, StageDefinition } from '../contract.js';
import { messages } from '../errors/codes.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';
import { hashKeyMaterial } from '../plan/cache-key.js';
import { jobKeyMaterial } from '../plan/job-spec.js';
import { groupListInputs } from '../plan/list-ports.js';
import { foldsAggregatorFor } from '../plan/fold-aggregate.js';
import type { JobEvents, JobResult, JobSpec } from '../plan/jobs.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { createRng } from '../random/rng.js';
import { removeCheckpoint } from '../store/checkpoints.js';
import type { ContentStore } from '../store/content-store.js';
import { jobCheckpoints, type ResumedFrom } from './job-checkpoints.js';
import { callStage } from './stage-call.js';
import { checkArtifact } from '../artifacts/check-artifact.js';

export interface JobDeps {
  readonly registry: PluginRegistry;
  readonly store: ContentStore;
  readonly env: NumericEnvironment;
  /**
   * Decoded artifacts by digest, kept by an in-process runner so a trained model is not decoded
   * again by the evaluator that follows. Without it, inputs and output are disposed after the job.
   */
  readonly memo?: Map<string, Promise<Artifact>>;
}

/**
 * The definition a job runs: the registered stage, or the backtest aggregator, which the fan-out
 * makes per pipeline and a worker rebuilds from the job's ports.
 */
export function jobDefinition(registry: PluginRegistry, job: JobSpec): StageDefinition | undefined {
  return registry.stage(job.uses) ?? foldsAggregatorFor(job.uses, Object.keys(job.inputs));
}

export async function runJob(job: JobSpec, deps: JobDeps, events: JobEvents, signal: AbortSignal): Promise<JobResult> {
  const started = performance.now();
  const { registry, store, memo } = deps;
  const definition = jobDefinition(registry, job);
  if (definition?.version !== job.pluginVersion) {
    throw new SeqpipeError('E_PLUGIN_MISMATCH', messages.E_PLUGIN_MISMATCH(job.uses, job.pluginVersion, definition?.version), { stage: job.stage, exitCode: 1 });
  }
  const load = async (port: string, digest: string): Promise<Artifact> => {
    const bytes = await store.getObject(digest);
    if (!bytes) throw new SeqpipeError('E_INPUT_MISSING', messages.E_INPUT_MISSING(port, digest), { stage: job.stage, exitCode: 1, path: [port, digest] });
    return registry.decode(fromBytes(bytes));
  };
  events.start?.();
  const inputs: Record<string, Artifact> = {};
  const loaded: Artifact[] = [];
  try {
    for (const [port, digest] of Object.entries(job.inputs)) {
      let value = memo?.get(digest);
      if (!value) {
        value = load(port, digest);
        if (memo) {
          memo.set(digest, value);
          value.catch(() => memo.delete(digest));
        }
      }
      inputs[port] = await value;
      if (!memo) loaded.push(inputs[port]);
    }
    let resumedFrom: ResumedFrom | undefined;
    const output = await callStage(job.stage, signal, () => definition.run(
      {
        stageId: job.stage, uses: job.uses, pipelineDir: job.pipelineDir, seed: job.seed, rng: createRng(job.seed), signal,
        ...(job.external === undefined ? {} : { external: job.external }),
        log: { info: (m) => events.log?.('info', m), warn: (m) => events.log?.('warn', m) },
        progress: (e) => events.progress?.(e),
        checkpoints: jobCheckpoints(store, job, events, (r) => (resumedFrom = r)),
      },
      groupListInputs(definition, inputs) as never,
      job.params,
    ));
    // Checked at the boundary: a malformed artifact is never cached, and the stage that made it is named.
    const problem = checkArtifact(definition.output, output);
    if (problem) {
      if ('dispose' in output) output.dispose?.();
      throw new SeqpipeError('E_ARTIFACT_SHAPE', messages.E_ARTIFACT_SHAPE(job.stage, job.uses, definition.output, problem), { stage: job.stage, exitCode: 1 });
    }
    // Keyed by the backend that really ran it, should that differ from what the plan assumed.
    const env = definition.numeric ? await deps.env.describe() : undefined;
    const key = env && (env.backend !== job.env?.backend || env.tfjs !== job.env?.tfjs)
      ? hashKeyMaterial(jobKeyMaterial({ ...job, definition, env }))
      : job.key;
    // The header always names kind (and impl) so the bytes can be decoded without the pipeline.
    const bytes = toBytes(await registry.encode(output));
    const digest = await store.putObject(bytes);
    await store.putKey(key, { digest, kind: output.kind, uses: job.uses, stage: job.stage, bytes: bytes.byteLength });
    // The stage is complete: its checkpoint (if it wrote one) is of no more use.
    await removeCheckpoint(store, job.key);
    if (memo) memo.set(digest, Promise.resolve(output));
    else loaded.push(output);
    return {
      key, digest, kind: output.kind, seconds: Math.round(performance.now() - started) / 1000,
      tensorflowLoaded: deps.env.tensorCount() !== undefined,
      ...(resumedFrom ? { resumedFrom } : {}),
    };
  } finally {
    for (const a of loaded) if ('dispose' in a) a.dispose?.();
  }
}
