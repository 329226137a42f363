/** A run's record: metrics, forecasts and model files collected from its executed plan; run.json last. */
import canonicalize from 'canonicalize';
import type { Artifact, Forecast, Metrics, Split, Windows } from '../artifacts/kinds.js';
import { forecastCsv, forecastJson } from '../artifacts/forecast-csv.js';
import type { EncodedArtifact, NumericEnvironment } from '../contract.js';
import type { SeqpipeError } from '../errors/seqpipe-error.js';
import { INTERRUPTING_CODES } from '../execute/run-limits.js';
import type { JsonValue } from '../json.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { ResolvedPipeline } from '../spec/resolved-pipeline.js';
import { tableCsv, tableFiles } from './metrics-csv.js';
import { hostEnvironment, type EvaluationFiles, type RecordedError, type RunRecord, type RunWriter, type StageRecord } from './run-record.js';
import { transformsFile } from './transforms-file.js';

/** One variant of an executed plan, as the record needs it. */
export interface ExecutedVariant {
  readonly records: readonly StageRecord[];
  readonly tensorflowLoaded: boolean;
  readonly error?: SeqpipeError;
  artifact(stageId: string): Promise<Artifact>;
  encoded(stageId: string): Promise<EncodedArtifact>;
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
  run: ExecutedVariant,
  deps: { readonly registry: PluginRegistry; readonly env: NumericEnvironment & { fallbackNote?(): string | undefined } },
  meta: RecordMeta,
): Promise<RunRecord> {
  const metrics: Record<string, Record<string, number>> = {};
  const predictions: Record<string, JsonValue> = {};
  const evaluations: Record<string, EvaluationFiles> = {};
  const training: Record<string, JsonValue> = {};
  const engines = new Set<string>();
  const kernels = new Set<string>();
  const completed = new Set(run.records.filter((r) => r.digest).map((r) => r.id));
  const byId = new Map(pipeline.stages.map((st) => [st.id, st]));
  for (const s of pipeline.stages.filter((st) => completed.has(st.id))) {
    // Canonical key order, so a fresh run (values as built) and a cached one (decoded from
    // canonical headers) print the same JSON.
    if (s.definition.output === 'metrics') {
      const m = (await run.artifact(s.id)) as Metrics;
      metrics[s.id] = canonical(m.values) as Record<string, number>;
      if (m.tables) {
        const files = tableFiles(s.id);
        await writer.writeFile(files.series, tableCsv(m.tables, 'series'));
        await writer.writeFile(files.forecasts, tableCsv(m.tables, 'forecasts'));
        evaluations[s.id] = { series: m.tables.series.series?.length ?? 0, seriesCsv: files.series, forecastsCsv: files.forecasts };
      }
    }
    if (s.definition.output === 'forecast') {
      // A panel's forecast goes to a CSV beside run.json (100,000 series would swamp it); the
      // record keeps the first series' points and a summary naming the file.
      const forecast = (await run.artifact(s.id)) as Forecast;
      const file = `forecasts/${s.id}.csv`;
      if (forecast.panel) await writer.writeFile(file, forecastCsv(forecast));
      predictions[s.id] = canonical(forecastJson(forecast, file));
    }
    if (s.definition.output === 'forecaster') {
      // Native files (model.json + weights) straight from the stored bytes: nothing is decoded.
      const encoded = await run.encoded(s.id);
      const header = encoded.header as { kind: string; impl?: string; summary?: { control?: JsonValue; engine?: unknown; kernels?: unknown } };
      if (typeof header.summary?.engine === 'string') engines.add(header.summary.engine);
      if (typeof header.summary?.kernels === 'string') kernels.add(header.summary.kernels);
      // What early stopping and the learning-rate schedule did (stoppedEpoch, bestEpoch, learningRate).
      if (header.summary?.control !== undefined) training[s.id] = canonical(header.summary.control);
      const files = deps.registry.files(encoded);
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
  // The backend is named only when TensorFlow computed: the fused engine never loads it.
  const tensorflowLoaded = deps.env.tensorCount() !== undefined || run.tensorflowLoaded;
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
      ...(tensorflowLoaded ? { backend, tfjs } : {}), ...(engines.size ? { engines: [...engines].sort() } : {}),
      ...(kernels.size ? { kernels: [...kernels].sort() } : {}), ...hostEnvironment(), ...(fallbackNote && tensorflowLoaded ? { fallbackNote } : {}), tensorflowLoaded,
    },
    stages: run.records,
    metrics,
    ...(Object.keys(evaluations).length ? { evaluations } : {}),
    ...(Object.keys(training).length ? { training } : {}),
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
