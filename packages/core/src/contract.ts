/**
 * The whole public plugin contract in one file: what a stage is, what it receives, and how an
 * artifact kind is stored. Built-in and third-party stages register the same way: a
 * ContainerModule binding definitions to the STAGE token (see di/tokens.ts).
 */
import type { ArtifactKinds, KindName } from './artifacts/kinds.js';
import type { JsonObject, JsonValue } from './json.js';
import type { Rng } from './random/rng.js';

export const STAGE_KINDS = [
  'source', 'transform', 'scaler', 'windower', 'splitter', 'model', 'trainer', 'evaluator', 'predictor', 'baseline',
  'ensemble', 'interval',
] as const;
export type StageKind = (typeof STAGE_KINDS)[number];

/**
 * Input ports: port name → the artifact kind it accepts, either as the kind's name (a required
 * port) or as `{ kind, optional: true }`. The validator reports a missing required port
 * (E_MISSING_INPUT) and leaves an unbound optional port out of `run`'s inputs and of the cache key.
 * `from: stage` (a bare name) binds the stage's only required port.
 */
export interface PortSpec {
  readonly kind: KindName;
  readonly optional?: boolean;
  /**
   * A list port: `from: [a, b]` (or `{ port: [a, b] }`) binds several stages of the kind, which
   * arrive in `run` as an array in list order. The plan keys them as ports `port[0]`, `port[1]`, …
   * (see plan/list-ports.ts), so list order is in the cache key and other stages' keys are unchanged.
   */
  readonly list?: boolean;
}
export type Ports = Readonly<Record<string, KindName | PortSpec>>;
type KindOf<S> = S extends KindName ? S : S extends { readonly kind: infer K extends KindName } ? K : never;
type ValueOf<S> = S extends { readonly list: true } ? readonly ArtifactKinds[KindOf<S>][] : ArtifactKinds[KindOf<S>];
type OptionalOf<In extends Ports> = { [P in keyof In]: In[P] extends { readonly optional: true } ? P : never }[keyof In];
export type InputsOf<In extends Ports> =
  & { readonly [P in Exclude<keyof In, OptionalOf<In>>]: ValueOf<In[P]> }
  & { readonly [P in OptionalOf<In>]?: ValueOf<In[P]> };

/** The kind a port accepts. */
export function portKind(spec: KindName | PortSpec): KindName {
  return typeof spec === 'string' ? spec : spec.kind;
}
/** Whether a port takes a list of stages. */
export function portList(spec: KindName | PortSpec): boolean {
  return typeof spec !== 'string' && spec.list === true;
}
/** Whether a port may be left unbound. */
export function portOptional(spec: KindName | PortSpec): boolean {
  return typeof spec !== 'string' && spec.optional === true;
}

/** A JSON Schema (draft 2020-12) object for a stage's `with` block. */
export type ParamsSchema = JsonObject;

/**
 * Facts known before running, propagated along the DAG so `validate` can catch semantic errors
 * (a window longer than the series) without executing anything. All optional: a CSV source does
 * not know its length until it reads the file.
 */
export interface StaticFacts {
  /** Rows in a series. */
  readonly length?: number;
  /** Columns in a series / features in windows. */
  readonly columns?: number;
  /** Windows available. */
  readonly windows?: number;
  /** The parts a split has ('train', 'validation', 'test'). */
  readonly parts?: readonly string[];
  /** Steps of history in each window (windowers; splitters pass it on). */
  readonly lookback?: number;
  /** The lookback a model needs at least (model/linear's decomposition kernel); the trainer compares. */
  readonly minLookback?: number;
}

/** A problem a stage's `check` finds in its own parameters. `path` is relative to `with`. */
export interface StageIssue {
  readonly code: string;
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly severity?: 'error' | 'warning';
  /** Locate the issue at the key of `path` (e.g. a `where:` column name) rather than its value. */
  readonly at?: 'key' | 'value';
}

export interface CheckResult {
  readonly facts?: StaticFacts;
  readonly issues?: readonly StageIssue[];
}

export interface EpochEvent {
  readonly type: 'epoch';
  readonly epoch: number;
  readonly epochs: number;
  readonly loss: number;
  readonly valLoss?: number;
  readonly seconds: number;
  /**
   * 'series' when a trainer fits one model per series (`local: true`): `epoch` counts series
   * trained (of `epochs` series) and the loss is that series' last epoch's.
   */
  readonly unit?: 'series';
}

/**
 * Batches done within the current epoch, for live progress bars. Emitted at a bounded rate (a few
 * per second at most), never once per batch: reporters must not slow training down.
 */
export interface BatchEvent {
  readonly type: 'batch';
  /** 1-based epoch the batch belongs to. */
  readonly epoch: number;
  readonly epochs: number;
  /** Batches finished so far in this epoch (0..batches). */
  readonly batch: number;
  readonly batches: number;
  /** 'series' when training one model per series: `epoch`/`epochs` count series, `batch`/`batches` that series' epochs. */
  readonly unit?: 'series';
}

export type ProgressEvent = EpochEvent | BatchEvent;

export interface StageLogger {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Where a pipeline lives, for stages that read files: given to `inspect`, `fingerprint` and (as
 * `pipelineDir`) to `run`. A relative path in a stage's params resolves against `pipelineDir`.
 */
export interface PipelineContext {
  /** Absolute directory of the pipeline file. */
  readonly pipelineDir: string;
}

export interface StageContext extends PipelineContext {
  readonly stageId: string;
  readonly uses: string;
  /** Derived from the pipeline seed and the stage id: independent of execution order. */
  readonly seed: number;
  /** A seeded generator for this stage; never use Math.random in results. */
  readonly rng: Rng;
  readonly log: StageLogger;
  progress(event: ProgressEvent): void;
  readonly signal: AbortSignal;
  /**
   * The stage's `fingerprint` as the plan keyed this job by (a CSV's sha256), when it has one. A
   * stage that reads external content checks that what it read is exactly this, so the output is
   * never filed under another content's key.
   */
  readonly external?: string;
  /** Saved progress of a long stage (a trainer), so a killed run resumes; absent in bare contexts. */
  readonly checkpoints?: StageCheckpoints;
}

/**
 * A job's checkpoint in the content store, filed under its cache key: the same stage with the same
 * inputs, params and seed resumes; anything else has another key and starts fresh. The executor
 * removes it once the stage's output is stored. The stage must make a resumed run bit-identical.
 */
export interface StageCheckpoints {
  /** The last checkpoint saved, digest-verified; undefined when there is none or it is unusable (noted in the log). */
  load(): Promise<EncodedArtifact | undefined>;
  /** Replaces the checkpoint atomically (object, then its manifest). `epoch` of `epochs` is for listings. */
  save(checkpoint: EncodedArtifact, progress: { readonly epoch: number; readonly epochs: number }): Promise<void>;
  /** Says the stage resumed from `epoch` of `epochs`: logged, and kept in the run record. */
  resumed(epoch: number, epochs: number): void;
}

export interface StageDefinition<P = any, In extends Ports = Ports, Out extends KindName = KindName> {
  /** `kind/name`, e.g. 'scaler/minmax'. */
  readonly uses: `${StageKind}/${string}`;
  /** Bump when the output for the same inputs and params changes. Part of the cache key. */
  readonly version: string;
  readonly description: string;
  /** JSON Schema of `with`; defaults are filled by the validator. */
  readonly params: ParamsSchema;
  readonly inputs: In;
  readonly output: Out;
  /** The cache key includes the stage seed. */
  readonly random?: boolean;
  /** The output depends on the numeric backend: the cache key includes backend and tfjs version. */
  readonly numeric?: boolean;
  /**
   * Fitted on training rows only (scalers). The validator fills `params.fitTo` with the chain of
   * stages downstream of this one up to the splitter — `[{ uses, params }, …]`, e.g. windower then
   * splitter — so the stage can count the rows that end up in training windows once it knows its
   * series' length (a CSV's is known only at run time). The chain is in the cache key and in the
   * run's pipeline.json. Absent when no single path leads to a splitter.
   */
  readonly fitsOnTrain?: boolean;
  /**
   * Fans the pipeline out (a backtest splitter): one params object per fold, each with the suffix
   * its stage ids get (`train@fold2`). The validator clones this stage, everything downstream of it
   * and every `fitsOnTrain` stage upstream of it (with the stages between) once per fold, and
   * replaces each metrics stage among them by an aggregate over its folds (see ARCHITECTURE.md).
   */
  fanOut?(params: P): readonly FoldSpec[];
  /**
   * Runs the stage as one job per part and a job that combines them, all ordinary keyed jobs, so
   * `--jobs` and `--queue` spread the parts (one model per series). When `applies(params)` (cheap:
   * nothing is read otherwise) and the stage's own key is not in the cache, the scheduler decodes
   * the inputs and asks `parts` for the parts' ids. Part jobs run with params
   * `{ ...params, part: ID }`; the combining job with `{ ...params, parts: IDS }` and the parts'
   * outputs as extra inputs `part0`, `part1`, … . Its output is filed under the stage's own key
   * too, so a re-run is one cache hit. `run` must give the same output as one job with the
   * original params (the scheduler falls back to that when an input must be recomputed first).
   * `parts` may throw a coded error (nothing to split).
   */
  readonly partition?: {
    applies(params: P): boolean;
    parts(params: P, inputs: InputsOf<In>): readonly string[];
  };
  /** Param names that cannot change the output (verbosity); kept out of the cache key. */
  readonly volatileParams?: readonly string[];
  /**
   * Seed replicas (an ensemble of seeds): when the integer array param `param` is set, the planner
   * binds list port `port` to one copy of each named member per seed (`train@seed3`): the
   * member and every upstream stage whose output depends on a `random` stage, run with that
   * pipeline seed, so each copy is keyed exactly as the stage is in `seqpipe run --seed N`
   * (see plan/seed-replicas.ts).
   */
  readonly seedReplicas?: { readonly port: string; readonly param: string };
  /** Static checks and facts, given resolved params and upstream facts. Pure; no I/O. */
  check?(params: P, inputs: { readonly [K in keyof In]?: StaticFacts }): CheckResult;
  /**
   * Checks that need I/O, run by `validate` (and before every run) after `check`: a source can
   * confirm its file exists and has the named columns. Keep it cheap and bounded (stat a file,
   * read its first lines; never the whole file) and never load TensorFlow. Issues are located at
   * `with.<path>` in the pipeline file like `check`'s; facts are merged over `check`'s facts and
   * flow downstream. Must not throw for bad input: report an issue instead.
   */
  inspect?(params: P, ctx: PipelineContext): Promise<CheckResult>;
  /**
   * Content outside the params that the output depends on (a file's bytes, a remote table's
   * version), as a short string, e.g. a sha256 of the file. It enters the cache key, so a changed
   * file re-runs this stage and, through its output digest, whatever depends on it. Computed
   * once per run before the cache lookup. Stages without it are keyed exactly as before.
   */
  fingerprint?(params: P, ctx: PipelineContext): Promise<string>;
  run(ctx: StageContext, inputs: InputsOf<In>, params: P): Promise<ArtifactKinds[Out]>;
}

/** One fold of a fan-out: its id suffix ('fold2') and the fanning stage's params for it. */
export interface FoldSpec {
  readonly suffix: string;
  readonly params: JsonObject;
}

/** A downstream stage in a `fitTo` chain. */
export interface ChainLink {
  readonly uses: string;
  readonly params: JsonObject;
}

/** Infers the definition's types from its literal; no decorators or classes needed. */
export function defineStage<P, const In extends Ports, const Out extends KindName>(
  definition: StageDefinition<P, In, Out>,
): StageDefinition<P, In, Out> {
  return definition;
}

/** An artifact as bytes-to-be: a JSON header plus little-endian binary buffers. */
export interface EncodedArtifact {
  readonly header: JsonObject;
  readonly buffers: readonly Uint8Array[];
}

/**
 * How one artifact kind (or one implementation of it, for forecasters) is stored. `decode` may be
 * async (a trained network loads TensorFlow). `files` lets a run record export the artifact in a
 * native format (model.json + weights) straight from the stored bytes, without decoding.
 */
export interface ArtifactCodec<K extends KindName = KindName> {
  readonly kind: K;
  /** For kinds with several implementations (forecasters): matches `artifact.impl`. */
  readonly impl?: string;
  /** `codecs` lets a wrapper (an ensemble, a conformal forecaster) encode and decode the artifacts it holds by their own codecs. */
  encode(artifact: ArtifactKinds[K], codecs?: CodecLookup): EncodedArtifact | Promise<EncodedArtifact>;
  decode(encoded: EncodedArtifact, codecs?: CodecLookup): ArtifactKinds[K] | Promise<ArtifactKinds[K]>;
  files?(encoded: EncodedArtifact, codecs?: CodecLookup): Record<string, Uint8Array>;
}

/** Every registered codec, for wrappers (PluginRegistry implements it). */
export interface CodecLookup {
  /** The artifact encoded by its own codec, its header naming kind (and impl). */
  encode(artifact: ArtifactKinds[KindName]): Promise<EncodedArtifact>;
  /** Stored bytes' artifact, by the codec its header names. */
  decode(encoded: EncodedArtifact): Promise<ArtifactKinds[KindName]>;
  /** The native files a wrapped artifact's codec exports (model.json + weights); none when it has no `files`. */
  files(encoded: EncodedArtifact): Record<string, Uint8Array>;
  codec(kind: string, impl?: string): ArtifactCodec;
}

/**
 * The numeric environment a numeric stage's output depends on: the TensorFlow backend and version,
 * and `kernels` when the fused engine's products are not the WASM ones (absent otherwise, so keys
 * made before it existed stay valid).
 */
export interface NumericEnv {
  readonly backend: string;
  readonly tfjs: string;
  readonly kernels?: string;
}

/** What the numeric backend is, for cache keys and run records. Provided by the tfjs package. */
export interface NumericEnvironment {
  /** Cheap: may read a cached probe; loads TensorFlow only when nothing is known yet. */
  describe(): Promise<NumericEnv>;
  /** Live tensor count, for leak checks; undefined when TensorFlow was never loaded. */
  tensorCount(): number | undefined;
}

export type { JsonObject, JsonValue };
