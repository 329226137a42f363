/**
 * A stage with `partition` (one model per series): its parts run as ordinary keyed jobs, through
 * the same dispatch as every job (so `--jobs` and `--queue` spread them and each is cached on its
 * own), then one job combines their outputs; the result is also filed under the stage's own key,
 * so a re-run is a single cache hit.
 */
import type { Artifact } from '../artifacts/kinds.js';
import { fromBytes } from '../artifacts/envelope.js';
import type { ProgressEvent, StageDefinition } from '../contract.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';
import { jobSpec } from '../plan/job-spec.js';
import type { JobEvents, JobResult, JobSpec } from '../plan/jobs.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { ObjectStore } from '../store/object-store.js';

export interface PartitionDeps {
  readonly registry: PluginRegistry;
  readonly store: ObjectStore;
  readonly noCache?: boolean;
  /** Runs one job of `stage` (the scheduler's dispatch: queue slot, runner, recovery of missing inputs). */
  run(spec: JobSpec, events: JobEvents, stage: JobSpec): Promise<JobResult>;
}

/**
 * The parts' ids for this job, or undefined when it runs as one job: the params do not ask for
 * parts, or an input is missing or corrupt — then the one job's dispatch recomputes the input, and
 * the stage gives the same output in one job (the partition contract).
 */
export async function partsOf(definition: StageDefinition, job: JobSpec, deps: PartitionDeps): Promise<readonly string[] | undefined> {
  if (!definition.partition?.applies(job.params)) return undefined;
  const inputs: Record<string, Artifact> = {};
  try {
    for (const [port, digest] of Object.entries(job.inputs)) {
      const bytes = await deps.store.getObject(digest);
      if (!bytes) return undefined;
      inputs[port] = await deps.registry.decode(fromBytes(bytes));
    }
    return definition.partition.parts(job.params, inputs as never);
  } finally {
    for (const a of Object.values(inputs)) if ('dispose' in a) a.dispose?.();
  }
}

/**
 * Part progress as the stage's: "part i of n" as the outer count, the part's epochs inside it
 * (the `unit: 'series'` form the reporters print for per-series training).
 */
function partEvents(events: JobEvents, total: number): { events: JobEvents; finished(): void } {
  let started = false;
  let done = 0;
  let last: ProgressEvent | undefined;
  return {
    events: {
      start: () => {
        if (!started) events.start?.();
        started = true;
      },
      log: events.log,
      progress: (e) => {
        if (e.type !== 'epoch') return;
        last = e;
        events.progress?.({ type: 'batch', unit: 'series', epoch: done + 1, epochs: total, batch: e.epoch, batches: e.epochs });
      },
    },
    finished() {
      done++;
      if (last?.type === 'epoch') {
        events.progress?.({ type: 'epoch', unit: 'series', epoch: done, epochs: total, loss: last.loss, ...(last.valLoss === undefined ? {} : { valLoss: last.valLoss }), seconds: last.seconds });
      }
    },
  };
}

/** Runs the parts and the combining job; returns the stage's result under its own key. */
export async function runPartitioned(definition: StageDefinition, job: JobSpec, ids: readonly string[], deps: PartitionDeps, events: JobEvents): Promise<JobResult> {
  const started = performance.now();
  const progress = partEvents(events, ids.length);
  let tensorflowLoaded = false;
  const runOne = async (spec: JobSpec, jobEvents: JobEvents): Promise<string> => {
    const hit = deps.noCache ? undefined : await deps.store.getKey(spec.key);
    if (hit) return hit.digest;
    const r = await deps.run(spec, jobEvents, job);
    tensorflowLoaded ||= r.tensorflowLoaded === true;
    return r.digest;
  };
  events.log?.('info', `${ids.length} parts (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''}), each a job of its own, then one combining them`);
  const parts = ids.map((id) => jobSpec({ ...job, definition, params: { ...job.params, part: id } }));
  // Every part settles before the stage does: a failed part leaves no other still writing.
  const settled = await Promise.allSettled(parts.map(async (spec) => {
    const digest = await runOne(spec, progress.events);
    progress.finished();
    return digest;
  }));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const digests = settled.map((r) => (r as PromiseFulfilledResult<string>).value);
  const combine = jobSpec({
    ...job, definition,
    params: { ...job.params, parts: [...ids] },
    inputs: { ...job.inputs, ...Object.fromEntries(digests.map((d, i) => [`part${i}`, d])) },
  });
  const digest = await runOne(combine, { log: events.log });
  const manifest = await deps.store.getKey(combine.key);
  if (!manifest) throw new SeqpipeError('E_STATE_LOST', `the combined output of ${job.stage} (key ${combine.key.slice(0, 12)}…) is not in the store`, { stage: job.stage, exitCode: 1 });
  await deps.store.putKey(job.key, { digest, kind: manifest.kind, uses: job.uses, stage: job.stage, bytes: manifest.bytes });
  return { key: job.key, digest, kind: manifest.kind, seconds: Math.round(performance.now() - started) / 1000, ...(tensorflowLoaded ? { tensorflowLoaded } : {}) };
}
