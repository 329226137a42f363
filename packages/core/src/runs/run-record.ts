/**
 * A run record: `<stateDir>/runs/<runId>/` holds exported files (models, predictions) and, written
 * last, `run.json`. A run directory without run.json is an incomplete run (crashed or still going).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { arch, cpus, platform } from 'node:os';
import { isAbsolute, join, normalize, sep } from 'node:path';
import type { JsonObject, JsonValue } from '../json.js';
import type { KeyMaterial } from '../plan/cache-key.js';
import { writeAtomic } from '../store/atomic-write.js';
import { statePaths } from '../store/content-store.js';
import { messages } from '../errors/codes.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';
import { guardStateSync, stateError } from '../store/fs-errors.js';
import type { ContentStore, StatePaths } from '../store/content-store.js';

export type RunStatus = 'success' | 'failed' | 'interrupted';
export type StageStatus = 'hit' | 'ran' | 'failed' | 'interrupted' | 'skipped';

export interface RecordedError {
  readonly code: string;
  readonly message: string;
  readonly stage?: string;
  /** Where: the pipeline file, or a data file the stage read (a bad cell in a CSV). */
  readonly file?: string;
  readonly line?: number;
  readonly col?: number;
}

export interface RunEnvironment {
  /**
   * The TensorFlow.js backend and version that computed, present only when this run used
   * TensorFlow (older records, without `engines`, have them always).
   */
  readonly backend?: string;
  readonly tfjs?: string;
  /** The engines that trained this run's networks (`fused`, `layers`; cached ones included). */
  readonly engines?: readonly string[];
  /** The fused engine's products when they were not the WASM ones (`native-avx512-fma`); absent for WASM. */
  readonly kernels?: readonly string[];
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpus: number;
  /** Why a faster backend was not used, e.g. tfjs-node failed to load. */
  readonly fallbackNote?: string;
  /** Whether this run loaded TensorFlow at all (a fully cached run does not). */
  readonly tensorflowLoaded?: boolean;
}

export interface StageRecord {
  readonly id: string;
  readonly uses: string;
  readonly key: string;
  /** Absent when the stage failed or was skipped. */
  readonly digest?: string;
  readonly cached: boolean;
  readonly seconds: number;
  readonly status: StageStatus;
  readonly error?: RecordedError;
  /** What the key hashed (absent for failed or skipped stages, and in older records). */
  readonly keyMaterial?: KeyMaterial;
  /** This run's training resumed from a checkpoint after this many epochs (a killed earlier run's). */
  readonly resumedFrom?: { readonly epoch: number; readonly epochs: number };
  /** Found in the cache, but its stored object failed its digest check, so it ran after all (E_CACHE_CORRUPT). */
  readonly recovered?: true;
}

/** An evaluation's per-series metrics and forecast points, as files relative to the run folder. */
export interface EvaluationFiles {
  /** How many series were scored (the metrics of a panel are means over them: smape, mase, mape). */
  readonly series: number;
  /** `series/<stage>.csv`: id, then that series' metrics. */
  readonly seriesCsv: string;
  /** `forecasts/<stage>.csv`: id, row, time?, step, target?, actual, predicted, baseline?. */
  readonly forecastsCsv: string;
}

export interface RunRecord {
  readonly runId: string;
  /** `--name`: lets `show`/`compare`/`report` find the run by name (newest wins). */
  readonly name?: string;
  /** `--tag`, repeatable; `seqpipe runs --tag T` filters by it. */
  readonly tags?: readonly string[];
  /** The `--set` overrides (or a sweep's assignments) exactly as given, `stage.path=value` (pipeline.json holds their result). */
  readonly overrides?: readonly string[];
  /** `--seed` as given; absent when the pipeline's own seed was used (pipeline.seed is the seed used). */
  readonly seedGiven?: number;
  readonly pipeline: { readonly name: string; readonly file: string; readonly seed: number };
  /** The sweep this run is a variant of (sweeps/<sweepId>.json). */
  readonly sweepId?: string;
  readonly status: RunStatus;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly seconds: number;
  readonly environment: RunEnvironment;
  /** In execution order. */
  readonly stages: readonly StageRecord[];
  /** stage id → metric name → value. */
  readonly metrics: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Evaluator stage id → the series it scored and its CSV files (absent when no evaluator wrote tables). */
  readonly evaluations?: Readonly<Record<string, EvaluationFiles>>;
  /**
   * Trainer stage id → what training control did (absent without earlyStopping/lrSchedule):
   * epochsRun, stoppedEpoch (when early stopping stopped it), bestEpoch, monitor, best (the best
   * monitored loss, whose weights were restored), learningRate (the last epoch's).
   */
  readonly training?: Readonly<Record<string, JsonValue>>;
  /** stage id → forecast (JSON). */
  readonly predictions: Readonly<Record<string, JsonValue>>;
  readonly warnings: readonly string[];
  readonly error?: RecordedError;
}

/**
 * What computed a run, as `show`, the report and the terminal say it: `engine fused`, `engine
 * layers · backend wasm (tfjs 4.22.0)`, `backend cpu (tfjs 4.22.0)` (TensorFlow, no network
 * trained), or `no TensorFlow` (baselines only).
 */
export function computedBy(env: RunEnvironment): string {
  const kernels = env.kernels?.length ? ` (${env.kernels.join(', ')} kernels)` : '';
  const engines = env.engines?.length ? `engine ${env.engines.join(' + ')}${kernels}` : '';
  const backend = env.backend !== undefined && env.tensorflowLoaded !== false ? `backend ${env.backend} (tfjs ${env.tfjs ?? '?'})` : '';
  return [engines, backend].filter(Boolean).join(' · ') || 'no TensorFlow';
}

/** The host half of RunEnvironment; the tfjs package supplies backend and version. */
export function hostEnvironment(): Pick<RunEnvironment, 'node' | 'platform' | 'arch' | 'cpus'> {
  return { node: process.versions.node, platform: platform(), arch: arch(), cpus: cpus().length };
}

let lastIdMs = 0;

/**
 * `YYYYMMDD-HHMMSS.mmm-xxxxxx` in UTC: ids sort by start time to the millisecond, whatever the
 * local zone. An id made in the same millisecond as this process's previous one (a sweep makes
 * its variants' ids at once) takes the next millisecond, so ids sort in the order they were made.
 * The suffix comes from crypto, not Math.random, so processes starting in the same millisecond
 * differ. Older ids (`YYYYMMDD-HHMMSS-xxxxxx`) sort before newer ones of the same second.
 */
export function newRunId(now: Date = new Date()): string {
  const ms = Math.max(now.getTime(), lastIdMs + 1);
  lastIdMs = ms;
  const t = new Date(ms);
  const p = (n: number, width = 2): string => String(n).padStart(width, '0');
  const date = `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}`;
  const time = `${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}.${p(t.getUTCMilliseconds(), 3)}`;
  return `${date}-${time}-${randomBytes(3).toString('hex')}`;
}

/** Run ids become directory names. */
const RUN_ID = /^[0-9A-Za-z][0-9A-Za-z._-]{0,127}$/;
const RUN_FILE = 'run.json';

function checkRunId(runId: string): void {
  if (!RUN_ID.test(runId)) throw new TypeError(`invalid run id: "${runId}"`);
}

const toJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const pathsOf = (target: ContentStore | string): StatePaths =>
  typeof target === 'string' ? statePaths(target) : target.paths;

export class RunWriter {
  readonly runId: string;
  readonly dir: string;
  private readonly tmp: string;
  private finished = false;

  /**
   * Creates the run directory exclusively: a given `runId` that exists throws (code EEXIST), so a
   * run is never reused; a generated id is regenerated on the (unlikely) collision.
   */
  constructor(target: ContentStore | string, runId?: string) {
    const paths = pathsOf(target);
    guardStateSync(paths.runs, () => mkdirSync(paths.runs, { recursive: true }));
    for (let attempt = 0; ; attempt++) {
      const id = runId ?? newRunId();
      checkRunId(id);
      try {
        mkdirSync(join(paths.runs, id)); // not recursive: fails if the directory exists
        this.runId = id;
        break;
      } catch (error) {
        const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
        if (!exists) throw stateError(error, join(paths.runs, id));
        if (runId !== undefined || attempt >= 4) throw error;
      }
    }
    this.dir = join(paths.runs, this.runId);
    this.tmp = paths.tmp;
  }

  /** Pretty JSON with a trailing newline, written atomically. */
  async writeJson(name: string, value: unknown): Promise<void> {
    await this.writeFile(name, toJson(value));
  }

  /** Creates subfolders as needed, e.g. `models/<stage>/model.json`. */
  async writeFile(relPath: string, data: Uint8Array | string): Promise<void> {
    const path = this.resolve(relPath);
    if (path === join(this.dir, RUN_FILE)) throw new Error(`${RUN_FILE} is written by finish()`);
    await writeAtomic(path, data, this.tmp);
  }

  /** Writes run.json; call once, after every other file, so its presence means complete. */
  async finish(record: RunRecord): Promise<void> {
    if (record.runId !== this.runId) throw new Error(`record is for run ${record.runId}, not ${this.runId}`);
    this.assertOpen(RUN_FILE);
    this.finished = true; // from here on, late writes fail instead of landing after run.json
    try {
      await writeAtomic(join(this.dir, RUN_FILE), toJson(record), this.tmp);
    } catch (error) {
      this.finished = false;
      throw error;
    }
  }

  private resolve(relPath: string): string {
    this.assertOpen(relPath);
    const rel = normalize(relPath);
    if (isAbsolute(rel) || rel === '.' || rel === '..' || rel.startsWith(`..${sep}`)) {
      throw new TypeError(`run file path must stay inside the run directory: "${relPath}"`);
    }
    return join(this.dir, rel);
  }

  private assertOpen(relPath: string): void {
    if (this.finished) throw new Error(`run ${this.runId} is finished; ${relPath} was not written`);
  }
}

/** Every run directory, complete or not, oldest first (run ids sort by start time). */
export async function listRuns(stateDir: string): Promise<string[]> {
  const entries = await readdir(statePaths(stateDir).runs, { withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw stateError(error, statePaths(stateDir).runs);
  });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/**
 * The run's record, or undefined if the run does not exist or never finished. A run.json that is
 * not a record (truncated, edited, damaged) throws E_RUN_CORRUPT naming it (exit 2).
 */
export async function readRun(stateDir: string, runId: string): Promise<RunRecord | undefined> {
  checkRunId(runId);
  const path = join(statePaths(stateDir).runs, runId, RUN_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw stateError(error, path);
  }
  const corrupt = (detail: string): SeqpipeError =>
    new SeqpipeError('E_RUN_CORRUPT', messages.E_RUN_CORRUPT(runId, detail), { file: path, exitCode: 2 });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corrupt(text.trim() ? `not valid JSON: ${(error as Error).message}` : 'empty');
  }
  const r = value as Partial<RunRecord> | null;
  if (typeof r !== 'object' || r === null || r.runId !== runId || typeof r.status !== 'string' || !Array.isArray(r.stages) || typeof r.pipeline !== 'object') {
    throw corrupt(`not a run record of ${runId}`);
  }
  return r as RunRecord;
}

/**
 * The resolved pipeline a finished run recorded (`runs/<id>/pipeline.json`). Missing or unreadable
 * beside a run.json (a folder emptied by hand), it is E_RUN_CORRUPT at its path (exit 2).
 */
export async function readRunPipeline(stateDir: string, runId: string): Promise<JsonObject> {
  checkRunId(runId);
  const path = join(statePaths(stateDir).runs, runId, 'pipeline.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw stateError(error, path);
    throw new SeqpipeError('E_RUN_CORRUPT', messages.E_RUN_CORRUPT(runId, 'missing', 'pipeline.json'), { file: path, exitCode: 2 });
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
  } catch {
    // reported below
  }
  throw new SeqpipeError('E_RUN_CORRUPT', messages.E_RUN_CORRUPT(runId, 'not a pipeline document', 'pipeline.json'), { file: path, exitCode: 2 });
}
