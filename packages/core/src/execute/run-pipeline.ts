/** One run: execute the pipeline, then write its record (run.json last) under runs/<id>/. */
import canonicalize from 'canonicalize';
import type { Forecast, Metrics, Split, Windows } from '../artifacts/kinds.js';
import type { NumericEnvironment } from '../contract.js';
import type { SeqpipeError } from '../errors/seqpipe-error.js';
import type { JsonValue } from '../json.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { hostEnvironment, RunWriter, type RecordedError, type RunRecord } from '../runs/run-record.js';
import { transformsFile } from '../runs/transforms-file.js';
import type { ResolvedPipeline } from '../spec/resolved-pipeline.js';
import { ContentStore } from '../store/content-store.js';
import type { Runner } from '../plan/jobs.js';
import { acquireRunLock } from '../store/run-locks.js';
import { execute, type ExecuteHooks, type Execution } from './executor.js';
import { INTERRUPTING_CODES, watchLimits, type RunLimits } from './run-limits.js';

export interface RunOptions {
  readonly stateDir: string;
  readonly noCache?: boolean;
  readonly hooks?: ExecuteHooks;
  readonly signal?: AbortSignal;
  /** Validation warnings, kept in the record. */
  readonly warnings?: readonly string[];
  /** Where jobs run; default in-process. */
  readonly runner?: Runner;
  /** Recorded as given (`stage.path=value`). */
  readonly overrides?: readonly string[];
  /** --max-seconds / --max-memory. */
  readonly limits?: RunLimits;
  /** How the run was asked for, kept in the record: `--name`, `--tag`s, `--set`s and `--seed` as given. */
  readonly request?: RunRequest;
}

export interface RunRequest {
  readonly name?: string;
  readonly tags?: readonly string[];
  readonly overrides?: readonly string[];
  readonly seed?: number;
}

export interface RunResult {
  readonly record: RunRecord;
  readonly runDir: string;
  readonly error?: SeqpipeError;
}

export async function runPipeline(
  pipeline: ResolvedPipeline,
  deps: { readonly registry: PluginRegistry; readonly env: NumericEnvironment & { fallbackNote?(): string | undefined } },
  options: RunOptions,
): Promise<RunResult> {
  const startedAt = new Date();
  const store = new ContentStore(options.stateDir);
  // Temp files older than an hour were left by killed writers; younger ones may be in flight.
  await store.cleanTmp();
  const writer = new RunWriter(store);
  // Held while the run writes to the store, so `cache gc` leaves its new objects alone.
  const releaseLock = await acquireRunLock(options.stateDir, writer.runId, startedAt.getTime());
  try {
    return await record(pipeline, deps, options, { store, writer, startedAt });
  } finally {
    await releaseLock();
  }
}

async function record(
  pipeline: ResolvedPipeline,
  deps: { readonly registry: PluginRegistry; readonly env: NumericEnvironment & { fallbackNote?(): string | undefined } },
  options: RunOptions,
  { store, writer, startedAt }: { store: ContentStore; writer: RunWriter; startedAt: Date },
): Promise<RunResult> {
  await writer.writeJson('pipeline.json', pipeline.document);
  const warnings = [...(options.warnings ?? [])];
  const hooks: ExecuteHooks = {
    ...options.hooks,
    log(stage, level, message) {
      if (level === 'warn') warnings.push(`${stage}: ${message}`);
      options.hooks?.log?.(stage, level, message);
    },
  };
  const limits = watchLimits(options.limits, options.signal);
  const run = await execute(pipeline, {
    ...deps, store, hooks, noCache: options.noCache, signal: limits.signal, beforeStage: limits.check,
    ...(options.runner ? { runner: options.runner } : {}),
  }).finally(() => limits.stop());
  try {
    const request = options.request ?? {};
    const record = await recordRun(writer, pipeline, run, deps, {
      startedAt, warnings, ...request,
      ...(request.overrides ?? options.overrides ? { overrides: request.overrides ?? options.overrides } : {}),
    });
    return { record, runDir: writer.dir, ...(run.error ? { error: run.error } : {}) };
  } finally {
    await run.dispose();
  }
}

export interface RecordMeta {
  readonly startedAt: Date;
  readonly warnings: readonly string[];
  /** The `--set` arguments (or sweep assignments) as given, `stage.path=value`. */
  readonly overrides?: readonly string[];
  readonly sweepId?: string;
  /** `--name`, `--tag`s and `--seed` as given. */
  readonly name?: string;
  readonly tags?: readonly string[];
  readonly seed?: number;
}

/** Collects metrics, forecasts and model files from an executed pipeline; writes run.json last. */
export async function recordRun(
  writer: RunWriter,
  pipeline: ResolvedPipeline,
  run: Pick<Execution, 'records' | 'tensorflowLoaded' | 'artifact' | 'encoded'> & { readonly error?: SeqpipeError },
  deps: { readonly registry: PluginRegistry; readonly env: NumericEnvironment & { fallbackNote?(): string | undefined } },
  meta: RecordMeta,
): Promise<RunRecord> {
  const metrics: Record<string, Record<string, number>> = {};
  const predictions: Record<string, JsonValue> = {};
  const completed = new Set(run.records.filter((r) => r.digest).map((r) => r.id));
  const byId = new Map(pipeline.stages.map((st) => [st.id, st]));
  for (const s of pipeline.stages.filter((st) => completed.has(st.id))) {
    // Canonical key order, so a fresh run (values as built) and a cached one (decoded from
    // canonical headers) print the same JSON.
    if (s.definition.output === 'metrics') metrics[s.id] = canonical(((await run.artifact(s.id)) as Metrics).values) as Record<string, number>;
    if (s.definition.output === 'forecast') {
      const { kind: _kind, ...forecast } = (await run.artifact(s.id)) as Forecast;
      predictions[s.id] = canonical(forecast);
    }
    if (s.definition.output === 'forecaster') {
      // Native files (model.json + weights) straight from the stored bytes: nothing is decoded.
      const encoded = await run.encoded(s.id);
      const header = encoded.header as { kind: string; impl?: string };
      const files = deps.registry.codec(header.kind, header.impl).files?.(encoded) ?? {};
      for (const [name, bytes] of Object.entries(files)) await writer.writeFile(`models/${s.id}/${name}`, bytes);
      // The fitted transforms of the data it was trained on, so the export works without seqpipe.
      const data = Object.values(s.inputs).find((ref) => ['split', 'windows'].includes(byId.get(ref)?.definition.output ?? ''));
      if (Object.keys(files).length && data) {
        await writer.writeJson(`models/${s.id}/transforms.json`, transformsFile((await run.artifact(data)) as Split | Windows));
      }
    }
  }
  const { backend, tfjs } = await deps.env.describe();
  const fallbackNote = deps.env.fallbackNote?.();
  const finishedAt = new Date();
  const record: RunRecord = {
    runId: writer.runId,
    ...(meta.name !== undefined ? { name: meta.name } : {}),
    tags: [...(meta.tags ?? [])],
    overrides: [...(meta.overrides ?? [])],
    ...(meta.seed !== undefined ? { seedGiven: meta.seed } : {}),
    pipeline: { name: pipeline.name, file: pipeline.file, seed: pipeline.seed },
    ...(meta.sweepId ? { sweepId: meta.sweepId } : {}),
    status: run.error ? (INTERRUPTING_CODES.includes(String(run.error.code)) ? 'interrupted' : 'failed') : 'success',
    startedAt: meta.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    seconds: (finishedAt.getTime() - meta.startedAt.getTime()) / 1000,
    environment: {
      backend, tfjs, ...hostEnvironment(), ...(fallbackNote ? { fallbackNote } : {}),
      tensorflowLoaded: deps.env.tensorCount() !== undefined || run.tensorflowLoaded,
    },
    stages: run.records,
    metrics,
    predictions,
    warnings: [...meta.warnings],
    ...(run.error ? { error: recordedError(run.error) } : {}),
  };
  await writer.finish(record);
  return record;
}

const canonical = (value: unknown): JsonValue => JSON.parse(canonicalize(value) ?? 'null') as JsonValue;

function recordedError(e: SeqpipeError): RecordedError {
  const where = Object.fromEntries((['stage', 'file', 'line', 'col'] as const).filter((k) => e[k] !== undefined).map((k) => [k, e[k]]));
  return { code: String(e.code), message: e.message, ...where };
}
