/**
 * Executes a plan — one or many resolved pipelines (variants) — as one DAG of jobs. Each stage of
 * each variant becomes a job as soon as its inputs' digests are known; identical keys are one job:
 * the variant that asked first owns it (its record says cached: false), the others wait for it and
 * record a hit. A key already in the store never reaches the runner. Where jobs run is the
 * runner's business (plan/jobs.ts); this file knows nothing of threads, processes or queues.
 */
import type { Artifact } from '../artifacts/kinds.js';
import { fromBytes } from '../artifacts/envelope.js';
import type { EncodedArtifact, NumericEnvironment } from '../contract.js';
import { messages } from '../errors/codes.js';
import { isSeqpipeError, SeqpipeError } from '../errors/seqpipe-error.js';
import type { JsonObject } from '../json.js';
import { jobKeyMaterial, jobSpec } from '../plan/job-spec.js';
import type { JobEvents, JobResult, JobSpec, Runner } from '../plan/jobs.js';
import { pluginKeyMaterial } from '../plugins/plugin-loader.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { deriveSeed } from '../random/rng.js';
import type { StageRecord } from '../runs/run-record.js';
import type { ResolvedPipeline, ResolvedStage } from '../spec/resolved-pipeline.js';
import type { ObjectStore } from '../store/object-store.js';
import { DispatchQueue } from './dispatch-queue.js';
import type { ExecuteHooks } from './hooks.js';
import { stageRanks } from './job-cost.js';
import { jobDefinition } from './run-job.js';
import { INTERRUPTING_CODES } from './run-limits.js';
import { ioLimit } from './io-limit.js';
import { partsOf, runPartitioned } from './partitioned-job.js';

export interface PlanVariant {
  readonly pipeline: ResolvedPipeline;
  readonly hooks?: ExecuteHooks;
}

export interface PlanOptions {
  readonly registry: PluginRegistry;
  readonly store: ObjectStore;
  readonly env: NumericEnvironment;
  readonly runner: Runner;
  /** Do not read the cache (results are still written); each key still runs once. */
  readonly noCache?: boolean;
  readonly signal?: AbortSignal;
  /** Called before each stage starts (resource-limit checks); may abort `signal`. */
  readonly beforeStage?: () => void;
  /**
   * How many jobs the scheduler hands the runner at once, the longest first (default: the runner's
   * `concurrency`). Infinity hands over every ready job (a queue that sets its own pace).
   */
  readonly dispatchSlots?: number;
}

export interface VariantOutcome {
  /** In the pipeline's (topological) stage order. */
  readonly records: readonly StageRecord[];
  readonly error?: SeqpipeError;
  /** A job this variant owned ran in a process that had TensorFlow loaded. */
  readonly tensorflowLoaded: boolean;
}

export interface PlanExecution {
  readonly outcomes: readonly VariantOutcome[];
  /** A stage's artifact, decoded from the store (recomputed if its object went missing). */
  artifact(variant: number, stageId: string): Promise<Artifact>;
  encoded(variant: number, stageId: string): Promise<EncodedArtifact>;
  /** Frees decoded artifacts (not the runner: its owner closes it). */
  dispose(): Promise<void>;
}

/** Thrown into a node whose upstream failed or whose variant already failed. */
const SKIPPED = Symbol('skipped');
/** Store lookups and fingerprints in flight at once (file descriptors; see io-limit.ts). */
const IO_AT_ONCE = 64;
const elapsed = (started: number): number => Math.round(performance.now() - started) / 1000;

export async function executePlan(variants: readonly PlanVariant[], options: PlanOptions): Promise<PlanExecution> {
  const { registry, store, runner, signal = new AbortController().signal } = options;
  const jobs = new Map<string, Promise<{ result: JobResult; ran: boolean }>>();
  const producers = new Map<string, JobSpec>(); // digest → the job that made it
  const recomputes = new Map<string, Promise<string>>(); // old digest → new digest
  const state = variants.map(() => ({ records: [] as StageRecord[], error: undefined as SeqpipeError | undefined, tf: false }));
  const nodes = variants.map(() => new Map<string, Promise<string>>());
  // Longest job first onto the runner's slots (job-cost.ts); ties in variant, then stage order.
  const queue = new DispatchQueue(options.dispatchSlots ?? runner.concurrency);
  const ranks = variants.map((variant) => stageRanks(variant.pipeline));
  const priorities = new Map<string, { priority: number; order: number }>(); // job key → its owner's rank
  const stageCount = Math.max(1, ...variants.map((variant) => variant.pipeline.stages.length));
  const io = ioLimit(IO_AT_ONCE);
  // External content (a CSV's digest) is read once per plan for the same stage description: every
  // variant then keys the same bytes, and a large sweep does not read the file once per variant.
  const fingerprints = new Map<string, Promise<string | undefined>>();
  const fingerprint = (s: ResolvedStage, dir: string): Promise<string | undefined> => {
    const id = JSON.stringify([s.uses, s.params, dir]);
    let p = fingerprints.get(id);
    if (!p) fingerprints.set(id, (p = io(async () => s.definition.fingerprint?.(s.params, { pipelineDir: dir }))));
    return p;
  };

  /** Runs a job, recomputing any input whose object is missing or corrupt, then retrying. */
  const dispatch = async (spec: JobSpec, events: JobEvents): Promise<JobResult> => {
    for (let attempt = 0; ; attempt++) {
      const { priority, order } = priorities.get(spec.key) ?? { priority: 0, order: 0 };
      const release = await queue.acquire(priority, order);
      try {
        return await runner.run(spec, events, signal);
      } catch (error) {
        release();
        const digest = isSeqpipeError(error) && error.code === 'E_INPUT_MISSING' ? String(error.path?.[1]) : undefined;
        if (!digest || attempt >= 3 || !producers.has(digest)) throw error;
        events.log?.('warn', messages.E_CACHE_CORRUPT(digest));
        const fresh = await recompute(digest, events);
        spec = jobSpec({
          ...spec, definition: jobDefinition(registry, spec)!,
          inputs: Object.fromEntries(Object.entries(spec.inputs).map(([p, d]) => [p, d === digest ? fresh : d])),
        });
        priorities.set(spec.key, { priority, order });
      } finally {
        release();
      }
    }
  };
  const recompute = (digest: string, events: JobEvents): Promise<string> => {
    let p = recomputes.get(digest);
    if (!p) {
      p = dispatch(producers.get(digest)!, events).then((r) => {
        producers.set(r.digest, producers.get(digest)!);
        markRecovered(digest, r.digest);
        return r.digest;
      });
      recomputes.set(digest, p);
    }
    return p;
  };

  const partitionDeps = {
    registry, store, noCache: options.noCache,
    run: async (spec: JobSpec, events: JobEvents, stage: JobSpec): Promise<JobResult> => {
      // A part goes onto the runner's slots with its stage's rank.
      priorities.set(spec.key, priorities.get(stage.key) ?? { priority: 0, order: 0 });
      const r = await dispatch(spec, events);
      producers.set(r.digest, spec);
      return r;
    },
  };

  // A hit whose object was corrupt was recomputed after all: its record says so and names the new object.
  const markRecovered = (old: string, fresh: string): void => {
    for (const { records } of state) {
      records.forEach((r, i) => {
        if (r.digest === old) records[i] = { ...r, digest: fresh, cached: false, status: 'ran', recovered: true };
      });
    }
  };

  const node = (v: number, s: ResolvedStage): Promise<string> => {
    let p = nodes[v]!.get(s.id);
    if (!p) {
      p = runNode(v, s);
      p.catch(() => undefined); // observed through allSettled below
      nodes[v]!.set(s.id, p);
    }
    return p;
  };

  const runNode = async (v: number, s: ResolvedStage): Promise<string> => {
    const { pipeline, hooks = {} } = variants[v]!;
    const byId = new Map(pipeline.stages.map((st) => [st.id, st]));
    const entries = Object.entries(s.inputs);
    const digests = await Promise.all(entries.map(([, ref]) => node(v, byId.get(ref)!))).catch(() => {
      throw SKIPPED;
    });
    if (state[v]!.error) throw SKIPPED;
    const started = performance.now();
    let owner = false;
    let spec: JobSpec | undefined;
    const prepared = queue.prepare();
    try {
      options.beforeStage?.();
      signal.throwIfAborted(); // a limit or Ctrl-C between stages: start nothing new
      spec = jobSpec({
        definition: s.definition, stage: s.id, params: s.params, seed: deriveSeed(s.seed ?? pipeline.seed, s.base ?? s.id),
        inputs: Object.fromEntries(entries.map(([port], i) => [port, digests[i]!])),
        env: s.definition.numeric ? await options.env.describe() : undefined,
        // External content (a CSV's digest), read before the cache lookup.
        external: s.definition.fingerprint ? await fingerprint(s, pipeline.dir) : undefined,
        pipelineDir: pipeline.dir,
        ...pluginMaterial(registry, s.uses),
      });
      let job = jobs.get(spec.key);
      if (!job) {
        owner = true;
        const events: JobEvents = {
          start: () => hooks.stageStart?.(s, false),
          progress: (e) => hooks.progress?.(s.id, e),
          log: (level, m) => hooks.log?.(s.id, level, m),
        };
        const own = spec;
        priorities.set(own.key, { priority: ranks[v]!.get(s.id) ?? 0, order: v * stageCount + pipeline.stages.indexOf(s) });
        job = (async () => {
          try {
            const hit = options.noCache ? undefined : await io(() => store.getKey(own.key));
            if (hit) return { result: { key: own.key, digest: hit.digest, kind: hit.kind, seconds: 0 }, ran: false };
          } finally {
            prepared();
          }
          // One model per series: the parts and their combination as jobs of their own.
          const parts = await partsOf(s.definition, own, partitionDeps);
          if (parts) return { result: await runPartitioned(s.definition, own, parts, partitionDeps, events), ran: true };
          return { result: await dispatch(own, events), ran: true };
        })();
        jobs.set(spec.key, job);
      }
      if (!owner) prepared(); // the owner says so once its cache lookup is done
      const { result, ran } = await job;
      producers.set(result.digest, spec);
      const executed = owner && ran;
      if (!executed) hooks.stageStart?.(s, true);
      if (executed && result.tensorflowLoaded) state[v]!.tf = true;
      const record: StageRecord = {
        id: s.id, uses: s.uses, key: result.key, digest: result.digest, cached: !executed,
        seconds: executed ? result.seconds : elapsed(started), status: executed ? 'ran' : 'hit',
        // What the key hashes, so `seqpipe status` can say what changed since.
        keyMaterial: jobKeyMaterial({ ...spec, definition: s.definition }),
        ...(executed && result.resumedFrom ? { resumedFrom: result.resumedFrom } : {}),
      };
      state[v]!.records.push(record);
      hooks.stageEnd?.(record);
      return result.digest;
    } catch (reason) {
      prepared();
      const error = wrap(reason, s, pipeline.file, signal);
      // Once aborted, the first stage stopped carries the reason; the others were only not started.
      if (signal.aborted && state[v]!.error) throw SKIPPED;
      state[v]!.error ??= error;
      const record: StageRecord = {
        id: s.id, uses: s.uses, key: spec?.key ?? '', cached: false, seconds: elapsed(started),
        // A stage stopped by Ctrl-C or a run limit did not fail: it was interrupted, and says so.
        status: INTERRUPTING_CODES.includes(String(error.code)) ? 'interrupted' : 'failed',
        error: { code: String(error.code), message: error.message, stage: s.id },
      };
      state[v]!.records.push(record);
      hooks.stageEnd?.(record);
      throw error;
    }
  };

  await Promise.allSettled(variants.flatMap((variant, v) => variant.pipeline.stages.map((s) => node(v, s))));

  const outcomes: VariantOutcome[] = variants.map(({ pipeline, hooks = {} }, v) => {
    const { records, error, tf } = state[v]!;
    const done = new Set(records.map((r) => r.id));
    for (const s of pipeline.stages.filter((st) => !done.has(st.id))) {
      const rec: StageRecord = { id: s.id, uses: s.uses, key: '', cached: false, seconds: 0, status: 'skipped' };
      records.push(rec);
      hooks.stageEnd?.(rec);
    }
    const order = new Map(pipeline.stages.map((s, i) => [s.id, i]));
    records.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    return { records, ...(error ? { error } : {}), tensorflowLoaded: tf };
  });

  const decoded = new Map<string, Promise<Artifact>>();
  const encodedOf = async (v: number, id: string): Promise<EncodedArtifact> => {
    const digest = outcomes[v]!.records.find((r) => r.id === id)?.digest;
    if (!digest) throw new Error(`stage "${id}" produced nothing`);
    const bytes = await store.getObject(digest);
    if (bytes) return fromBytes(bytes);
    // Missing or corrupt since it ran (moved aside by the store): recompute it from its inputs.
    const hooks = variants[v]!.hooks ?? {};
    hooks.log?.(id, 'warn', messages.E_CACHE_CORRUPT(digest));
    const fresh = await recompute(digest, { log: (level, m) => hooks.log?.(id, level, m) });
    return fromBytes((await store.getObject(fresh))!);
  };
  return {
    outcomes,
    encoded: encodedOf,
    artifact(v, id) {
      const digest = outcomes[v]!.records.find((r) => r.id === id)?.digest ?? `${v}:${id}`;
      let a = decoded.get(digest);
      if (!a) {
        a = encodedOf(v, id).then((e) => registry.decode(e));
        decoded.set(digest, a);
      }
      return a;
    },
    async dispose() {
      for (const a of decoded.values()) {
        const value = await a.catch(() => undefined);
        if (value && 'dispose' in value) value.dispose?.();
      }
      decoded.clear();
    },
  };
}

/**
 * A failure while running, located at the stage's definition in the pipeline file — unless the
 * stage located it in a file of its own (a bad cell at `data.csv:LINE:COL`), which is kept.
 */
function wrap(reason: unknown, stage: ResolvedStage, file: string, signal: AbortSignal): SeqpipeError {
  const where = { file, line: stage.line, col: stage.col, stage: stage.id, exitCode: 1 as const, cause: reason };
  if (signal.aborted) {
    // Ctrl-C, or a resource limit whose coded reason says which.
    const why = signal.reason instanceof SeqpipeError ? signal.reason : undefined;
    return new SeqpipeError(why?.code ?? 'E_INTERRUPTED', why?.message ?? messages.E_INTERRUPTED(), where);
  }
  if (reason instanceof SeqpipeError) {
    const own = reason.file ? { file: reason.file, line: reason.line, col: reason.col } : {};
    return new SeqpipeError(reason.code, reason.message, { ...where, ...own, stage: reason.stage ?? stage.id });
  }
  const detail = reason instanceof Error ? reason.message : String(reason);
  return new SeqpipeError('E_STAGE_FAILED', messages.E_STAGE_FAILED(stage.id, detail), where);
}

/**
 * A `plugins:` stage is keyed by its package version or file digest; built-ins by nothing more.
 * Its entry tells a worker process which module to import.
 */
function pluginMaterial(registry: PluginRegistry, uses: string): { plugin?: JsonObject; pluginEntry?: string } {
  const origin = registry.origin(uses);
  return origin ? { plugin: pluginKeyMaterial(origin), pluginEntry: origin.entry } : {};
}
