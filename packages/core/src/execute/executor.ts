/**
 * Runs a resolved pipeline wave by wave. A stage whose key is in the store is a hit and does no
 * work; its artifact is loaded only if a stage that must run needs it. Outputs are encoded,
 * stored by digest and keyed, so the next run (or a concurrent one) can reuse them.
 */
import type { Artifact } from '../artifacts/kinds.js';
import { fromBytes, toBytes } from '../artifacts/envelope.js';
import type { EncodedArtifact, NumericEnvironment, ProgressEvent } from '../contract.js';
import type { JsonObject } from '../json.js';
import { messages } from '../errors/codes.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';
import { INTERRUPTING_CODES } from './run-limits.js';
import { hashKeyMaterial, keyMaterial, type KeyMaterial } from '../plan/cache-key.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { createRng, deriveSeed } from '../random/rng.js';
import type { StageRecord } from '../runs/run-record.js';
import type { ResolvedPipeline, ResolvedStage } from '../spec/resolved-pipeline.js';
import type { ContentStore } from '../store/content-store.js';

export interface ExecuteHooks {
  stageStart?(stage: ResolvedStage, cached: boolean): void;
  stageEnd?(record: StageRecord): void;
  progress?(stage: string, event: ProgressEvent): void;
  log?(stage: string, level: 'info' | 'warn', message: string): void;
}

export interface ExecuteOptions {
  readonly registry: PluginRegistry;
  readonly store: ContentStore;
  readonly env: NumericEnvironment;
  /** Do not read the cache (results are still written). */
  readonly noCache?: boolean;
  readonly hooks?: ExecuteHooks;
  readonly signal?: AbortSignal;
  /** Called before each stage starts (resource-limit checks); may abort `signal`. */
  readonly beforeStage?: () => void;
}

export interface Execution {
  readonly records: readonly StageRecord[];
  /** The artifact a stage produced: from memory, or loaded (and verified) from the store. */
  artifact(stageId: string): Promise<Artifact>;
  /** The stored encoding of a stage's artifact (for exports that need no decoding). */
  encoded(stageId: string): Promise<EncodedArtifact>;
  /** Frees what the run holds (trained models' tensors). */
  dispose(): Promise<void>;
}

export async function execute(pipeline: ResolvedPipeline, options: ExecuteOptions): Promise<Execution & { error?: SeqpipeError }> {
  const { registry, store, hooks = {}, signal = new AbortController().signal } = options;
  const byId = new Map(pipeline.stages.map((s) => [s.id, s]));
  const digests = new Map<string, string>();
  const values = new Map<string, Promise<Artifact>>();
  const records: StageRecord[] = [];
  // Asked each time (it is cheap): once TensorFlow is loaded it reports the live backend.
  const envFor = (s: ResolvedStage) => (s.definition.numeric ? options.env.describe() : undefined);

  // A stage's external content (e.g. a CSV's digest), read once per run, before the cache lookup.
  const fingerprints = new Map<string, Promise<string | undefined>>();
  const fingerprintOf = (s: ResolvedStage): Promise<string | undefined> => {
    let f = fingerprints.get(s.id);
    if (!f) {
      f = s.definition.fingerprint ? s.definition.fingerprint(s.params, { pipelineDir: pipeline.dir }) : Promise.resolve(undefined);
      fingerprints.set(s.id, f);
    }
    return f;
  };

  const keyOf = async (s: ResolvedStage): Promise<{ key: string; material: KeyMaterial }> => {
    const material = keyMaterial({
      definition: s.definition,
      params: s.params,
      inputDigests: Object.fromEntries(Object.entries(s.inputs).map(([port, ref]) => [port, digests.get(ref)!])),
      seed: deriveSeed(pipeline.seed, s.id),
      env: await envFor(s),
      external: await fingerprintOf(s),
    });
    return { key: hashKeyMaterial(material), material };
  };

  /** Runs one stage for real, stores its output, keeps the value in memory. */
  const produce = async (s: ResolvedStage): Promise<{ key: string; material: KeyMaterial; digest: string }> => {
    const inputs: Record<string, Artifact> = {};
    for (const [port, ref] of Object.entries(s.inputs)) inputs[port] = await artifact(ref);
    const seed = deriveSeed(pipeline.seed, s.id);
    const output = await s.definition.run(
      {
        stageId: s.id, uses: s.uses, pipelineDir: pipeline.dir, seed, rng: createRng(seed), signal,
        log: { info: (m) => hooks.log?.(s.id, 'info', m), warn: (m) => hooks.log?.(s.id, 'warn', m) },
        progress: (e) => hooks.progress?.(s.id, e),
      },
      inputs as never,
      s.params,
    );
    // Keyed after running: a recomputed input may have a new digest, and a numeric stage is
    // filed under the backend that really ran it, should that differ from the cached probe.
    const { key, material } = await keyOf(s);
    const encoded = await registry.codecFor(output).encode(output as never);
    // The header always names kind (and impl) so the bytes can be decoded without the pipeline.
    const impl: JsonObject = 'impl' in output ? { impl: output.impl } : {};
    const bytes = toBytes({ header: { ...encoded.header, kind: output.kind, ...impl }, buffers: encoded.buffers });
    const digest = await store.putObject(bytes);
    await store.putKey(key, { digest, kind: output.kind, uses: s.uses, stage: s.id, bytes: bytes.byteLength });
    digests.set(s.id, digest);
    values.set(s.id, Promise.resolve(output));
    return { key, material, digest };
  };

  const loadEncoded = async (id: string): Promise<EncodedArtifact> => {
    const digest = digests.get(id);
    const bytes = digest ? await store.getObject(digest) : undefined;
    if (bytes) return fromBytes(bytes);
    // Missing or corrupt (moved aside by the store): recompute it from its inputs.
    if (digest) hooks.log?.(id, 'warn', messages.E_CACHE_CORRUPT(digest));
    await produce(byId.get(id)!);
    return fromBytes((await store.getObject(digests.get(id)!))!);
  };

  const artifact = (id: string): Promise<Artifact> => {
    let v = values.get(id);
    if (!v) {
      v = loadEncoded(id).then((e) => {
        if (values.has(id) && values.get(id) !== v) return values.get(id)!; // recomputed meanwhile
        const header = e.header as { kind: string; impl?: string };
        return registry.codec(header.kind, header.impl).decode(e) as Promise<Artifact>;
      });
      values.set(id, v);
    }
    return v;
  };

  const startedAt = new Map<string, number>();
  const runStage = async (s: ResolvedStage): Promise<void> => {
    options.beforeStage?.();
    signal.throwIfAborted(); // a limit or Ctrl-C between stages: start nothing new
    const started = performance.now();
    startedAt.set(s.id, started);
    const { key, material } = await keyOf(s);
    const hit = options.noCache ? undefined : await store.getKey(key);
    hooks.stageStart?.(s, !!hit);
    let record: StageRecord;
    if (hit) {
      digests.set(s.id, hit.digest);
      record = { id: s.id, uses: s.uses, key, digest: hit.digest, cached: true, seconds: elapsed(started), status: 'hit', keyMaterial: material };
    } else {
      const out = await produce(s);
      record = { id: s.id, uses: s.uses, key: out.key, digest: out.digest, cached: false, seconds: elapsed(started), status: 'ran', keyMaterial: out.material };
    }
    records.push(record);
    hooks.stageEnd?.(record);
  };

  let error: SeqpipeError | undefined;
  for (const wave of pipeline.waves) {
    const results = await Promise.allSettled(wave.map((id) => runStage(byId.get(id)!)));
    results.forEach((r, i) => {
      if (r.status === 'rejected' && !error) error = wrap(r.reason, byId.get(wave[i]!)!, pipeline.file, signal);
    });
    if (error) break;
  }
  if (error) {
    const done = new Set(records.map((r) => r.id));
    for (const s of pipeline.stages) {
      if (done.has(s.id)) continue;
      const failed = s.id === error.stage;
      // An interrupted stage did not fail: it was stopped (Ctrl-C or a run limit), and says so.
      const status = failed ? (INTERRUPTING_CODES.includes(String(error.code)) ? 'interrupted' : 'failed') : 'skipped';
      const rec: StageRecord = {
        id: s.id, uses: s.uses, key: '', cached: false, seconds: failed ? elapsed(startedAt.get(s.id) ?? performance.now()) : 0, status,
        ...(failed ? { error: { code: String(error.code), message: error.message, stage: s.id } } : {}),
      };
      records.push(rec);
      hooks.stageEnd?.(rec);
    }
  }

  const order = new Map(pipeline.stages.map((s, i) => [s.id, i]));
  records.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return {
    records,
    ...(error ? { error } : {}),
    artifact,
    encoded: loadEncoded,
    async dispose() {
      for (const v of values.values()) {
        const a = await v.catch(() => undefined);
        if (a && 'dispose' in a) a.dispose?.();
      }
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

const elapsed = (started: number): number => Math.round(performance.now() - started) / 1000;
