/**
 * What one seqpipe run logs to MLflow, read back from what it recorded: run.json, pipeline.json,
 * the run folder's files and the trainers' stored summaries (loss per epoch). Reading the record
 * rather than listening to the run means a cached stage logs what it logged when it ran, and
 * `seqpipe track` later sends exactly what `--track` would have sent.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContentStore, fromBytes, readRunPipeline, statePaths, type JsonObject, type JsonValue, type RunRecord } from '@seqpipe/core';
import { SEQPIPE_VERSION } from '../version.js';

export interface MlflowMetric { readonly key: string; readonly value: number; readonly step: number; readonly timestamp: number }
export interface MlflowTag { readonly key: string; readonly value: string }
export type MlflowParam = MlflowTag;

export interface RunPayload {
  readonly params: readonly MlflowParam[];
  readonly metrics: readonly MlflowMetric[];
  readonly tags: readonly MlflowTag[];
  /** Paths relative to the run folder, '/'-separated. */
  readonly files: readonly string[];
  readonly runDir: string;
  /** The resolved pipeline (for its `tracking:` block). */
  readonly pipeline: JsonObject;
}

// MLflow's limits (mlflow/utils/validation.py): key length and value lengths.
const MAX_KEY = 250;
const MAX_PARAM_VALUE = 6000;
const MAX_TAG_VALUE = 5000;

/** MLflow keys allow letters, digits, _ - . space : and /; a fold clone `train@fold2` becomes `train/fold2`. */
export function mlflowKey(key: string): string {
  return key.replace(/@/g, '/').replace(/[^A-Za-z0-9_\-. :/]/g, '_').slice(0, MAX_KEY);
}

/** `stage.uses`, `stage.from` and every leaf of `stage.with` as `stage.a.0.b`, plus `seed`. */
export function flattenParams(pipeline: JsonObject): MlflowParam[] {
  const out = new Map<string, string>();
  const put = (key: string, value: JsonValue): void => {
    const k = mlflowKey(key);
    if (!out.has(k)) out.set(k, (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, MAX_PARAM_VALUE));
  };
  // Objects and lists of objects are walked (model.layers.0.units); a list of plain values stays one param (test.metrics = ["mse",…]).
  const walk = (prefix: string, value: JsonValue): void => {
    const plainList = Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object');
    if (value !== null && typeof value === 'object' && !plainList && Object.keys(value).length) {
      for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v as JsonValue);
    } else put(prefix, value);
  };
  if (pipeline['seed'] !== undefined) put('seed', pipeline['seed']!);
  for (const [id, stage] of Object.entries((pipeline['stages'] ?? {}) as Record<string, JsonObject>)) {
    put(`${id}.uses`, stage['uses'] ?? null);
    if (stage['from'] !== undefined) put(`${id}.from`, stage['from']!);
    for (const [k, v] of Object.entries((stage['with'] ?? {}) as JsonObject)) walk(`${id}.${k}`, v);
  }
  return [...out].map(([key, value]) => ({ key, value }));
}

/**
 * Final metrics of every evaluator (`test.mase`, step 0), then the loss per epoch of every trainer
 * (`train.training_loss` / `train.validation_loss`, step = epoch: not `train.loss`, the trainer's param).
 */
async function metricsOf(stateDir: string, record: RunRecord): Promise<MlflowMetric[]> {
  const timestamp = Date.parse(record.finishedAt);
  const out: MlflowMetric[] = [];
  for (const [stage, values] of Object.entries(record.metrics)) {
    for (const [name, value] of Object.entries(values)) {
      if (typeof value === 'number' && Number.isFinite(value)) out.push({ key: mlflowKey(`${stage}.${name}`), value, step: 0, timestamp });
    }
  }
  const store = new ContentStore(stateDir);
  for (const s of record.stages) {
    if (!s.uses.startsWith('trainer/') || !s.digest) continue;
    const bytes = await store.getObject(s.digest);
    const summary = bytes ? (fromBytes(bytes).header['summary'] as { history?: { epoch: number; loss: number | null; valLoss?: number | null }[] } | undefined) : undefined;
    for (const h of summary?.history ?? []) {
      if (h.loss != null && Number.isFinite(h.loss)) out.push({ key: mlflowKey(`${s.id}.training_loss`), value: h.loss, step: h.epoch, timestamp });
      if (h.valLoss != null && Number.isFinite(h.valLoss)) out.push({ key: mlflowKey(`${s.id}.validation_loss`), value: h.valLoss, step: h.epoch, timestamp });
    }
  }
  return out;
}

/** What finds the run again (seqpipe.run_id), how it was made, and per stage its cache key and whether it was a cache hit. */
function tagsOf(record: RunRecord): MlflowTag[] {
  const tag = (key: string, value: string | number | boolean): MlflowTag => ({ key: mlflowKey(key), value: String(value).slice(0, MAX_TAG_VALUE) });
  const tags = [
    tag('mlflow.source.name', record.pipeline.file), tag('mlflow.source.type', 'LOCAL'),
    tag('seqpipe.run_id', record.runId), tag('seqpipe.pipeline', record.pipeline.name), tag('seqpipe.pipeline_file', record.pipeline.file),
    tag('seqpipe.seed', record.pipeline.seed), tag('seqpipe.version', SEQPIPE_VERSION), tag('seqpipe.status', record.status),
    ...(record.environment.backend ? [tag('seqpipe.backend', record.environment.backend)] : []),
    ...(record.environment.engines?.length ? [tag('seqpipe.engines', record.environment.engines.join(','))] : []),
    ...(record.environment.kernels?.length ? [tag('seqpipe.kernels', record.environment.kernels.join(','))] : []),
    tag('seqpipe.cached', record.stages.length > 0 && record.stages.every((s) => s.cached)),
  ];
  if (record.sweepId) tags.push(tag('seqpipe.sweep', record.sweepId));
  if (record.name) tags.push(tag('seqpipe.name', record.name));
  if (record.tags?.length) tags.push(tag('seqpipe.tags', record.tags.join(',')));
  if (record.overrides?.length) tags.push(tag('seqpipe.overrides', record.overrides.join(' ')));
  if (record.error) tags.push(tag('seqpipe.error', `${record.error.code} ${record.error.message}`));
  for (const s of record.stages) {
    tags.push(tag(`seqpipe.cached.${s.id}`, s.cached), tag(`seqpipe.key.${s.id}`, s.key));
  }
  return tags;
}

/** Every file in the run folder (report.html, models/<stage>/model.json + weights, transforms.json, forecasts/ and series/ CSVs…). */
async function filesIn(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesIn(dir, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

export async function runPayload(stateDir: string, record: RunRecord): Promise<RunPayload> {
  const pipeline = await readRunPipeline(stateDir, record.runId);
  const runDir = join(statePaths(stateDir).runs, record.runId);
  return { params: flattenParams(pipeline), metrics: await metricsOf(stateDir, record), tags: tagsOf(record), files: await filesIn(runDir), runDir, pipeline };
}

export const readArtifact = (payload: RunPayload, path: string): Promise<Buffer> => readFile(join(payload.runDir, ...path.split('/')));

const TYPES: Record<string, string> = { html: 'text/html', json: 'application/json', csv: 'text/csv', svg: 'image/svg+xml', txt: 'text/plain' };
export const contentType = (path: string): string => TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
