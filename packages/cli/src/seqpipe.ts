/**
 * The composition root and the programmatic API. The root container (one per Seqpipe) holds the
 * built-in stages and codecs, one ContainerModule per package, plus `modules`. Each `load` gets a
 * pipeline scope, a child with the stages its `plugins:` named (its REGISTRY adds them); loading
 * them is async (dynamic import), so it happens in `load`, never in the constructor. Each run
 * binds its options in a child container and runs with the registry its load returned.
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyOverrides, ContentStore, coreModule, expandSweep, InProcessRunner, listRunRecords, loadPlugins, NUMERIC_ENV,
  parsePipelineSource, pipelinePluginsModule, PoolRunner, readPipelineFile, REGISTRY, runPipeline, runSweep, SeqpipeError, stageStatus, validatePipeline,
  type Diagnostic, type ExecuteHooks, type LoadedPlugin, type NumericEnvironment, type Override, type PluginRegistry, type ResolvedPipeline, type Runner,
  type RunLimits, type RunRequest, type RunResult, type StageStatusEntry, type SweepOptions, type SweepPlan, type SweepResult,
  type SweepSpec, type SweepVariant,
} from '@seqpipe/core';
import { stagesModule } from '@seqpipe/stages';
import { tfjsModule } from '@seqpipe/tfjs';
import { Container, type ContainerModule, type ServiceIdentifier } from 'inversify';
import { SEQPIPE_VERSION } from './version.js';

export interface SeqpipeOptions {
  /** Where the cache and run records live; default `.seqpipe` in the working directory. */
  readonly stateDir?: string;
  /** Extra plugin modules (third-party stages and codecs). */
  readonly modules?: readonly ContainerModule[];
}

export interface LoadOptions {
  readonly overrides?: readonly Override[];
  readonly seed?: number;
  /** The pipeline's text, when it is not read from `file` (which then only names it). */
  readonly source?: string;
}

export interface RunOptions extends LoadOptions {
  /** `--name`, `--tag`s: kept in run.json so the run can be found and filtered. */
  readonly name?: string;
  readonly tags?: readonly string[];
  /** Write runs/<id>/report.html (default true). */
  readonly report?: boolean;
  readonly noCache?: boolean;
  readonly hooks?: ExecuteHooks;
  readonly signal?: AbortSignal;
  /** --max-seconds / --max-memory: exceeding one stops the run like Ctrl-C, with its own code. */
  readonly limits?: RunLimits;
  /** Where jobs run (`--queue`: a QueueRunner); default in this process. The caller closes it. */
  readonly runner?: Runner;
}

export interface Loaded {
  readonly pipeline?: ResolvedPipeline;
  readonly diagnostics: readonly Diagnostic[];
  /** Built-in stages plus the pipeline's `plugins:` (those that loaded). */
  readonly registry: PluginRegistry;
}

/** A run's record and folder, the diagnostics (warnings) its pipeline had, and its report's path (or why none). */
export type RunOutcome = RunResult & { readonly diagnostics: readonly Diagnostic[]; readonly report?: string; readonly reportError?: string };

/** The most worker processes a sweep starts: the cores. */
export const maxJobs = (): number => availableParallelism();

/** The `--jobs N` worker entry (compiled beside this file). */
const WORKER_SCRIPT = fileURLToPath(new URL('./worker/pool-worker.js', import.meta.url));

export interface SweepRunOptions {
  /** Worker processes; 1 runs every job in this process. Default: the number of cores. */
  readonly jobs?: number;
  readonly name?: string;
  readonly noCache?: boolean;
  readonly signal?: AbortSignal;
  readonly hooksFor?: (variant: SweepVariant) => ExecuteHooks;
  /** --max-seconds / --max-memory (memory: this process plus its worker processes). */
  readonly limits?: RunLimits;
  /** A runner the caller made and closes (a pool started before validation, or `--queue`'s QueueRunner); else one is made here. */
  readonly runner?: Runner;
}

/** The numeric environment, plus why a faster backend was not used and what loaded (for the output). */
type Env = NumericEnvironment & {
  fallbackNote?(): string | undefined;
  loadedBackend?(): { backend: string; tfjs: string; fallbackNote?: string } | undefined;
};

/** Per-run bindings live in a child container, so concurrent runs never share state. */
const RUN_OPTIONS: ServiceIdentifier<Omit<RunOptions, keyof LoadOptions> & { stateDir: string; warnings: string[] }> = Symbol.for('seqpipe.RunOptions');

export class Seqpipe {
  readonly stateDir: string;
  readonly registry: PluginRegistry;
  readonly env: Env;
  private readonly container: Container;

  constructor(options: SeqpipeOptions = {}) {
    this.stateDir = resolve(options.stateDir ?? '.seqpipe');
    this.container = new Container({ defaultScope: 'Singleton' });
    this.container.load(coreModule, stagesModule, tfjsModule(this.stateDir), ...(options.modules ?? []));
    this.registry = this.container.get(REGISTRY);
    this.env = this.container.get(NUMERIC_ENV) as Env;
  }

  /** Read, apply overrides, validate. Never throws for an invalid pipeline: see `diagnostics`. */
  async load(file: string, options: LoadOptions = {}): Promise<Loaded> {
    const pd = options.source === undefined ? await readPipelineFile(file) : parsePipelineSource(options.source, file);
    // A file that does not parse: validation reports (sorted) what the parser found, and no more.
    if (pd.diagnostics.length) return { ...(await validatePipeline(pd, this.registry, { seed: options.seed })), registry: this.registry };
    applyOverrides(pd, options.overrides ?? []);
    const plugins = await loadPlugins(pd, (uses) => (this.registry.stage(uses) ? 'a built-in stage' : undefined));
    const registry = this.pipelineScope(plugins.plugins).get(REGISTRY);
    const result = await validatePipeline(pd, registry, { seed: options.seed });
    if (!plugins.diagnostics.length) return { ...result, registry };
    // A stage whose plugin failed to load is unknown because of that: report the plugin only.
    const diagnostics = [...plugins.diagnostics, ...result.diagnostics.filter((d) => d.code !== 'E_UNKNOWN_PLUGIN')];
    return { diagnostics: diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0)), registry };
  }

  /** A child container with the pipeline's plugin stages; its REGISTRY holds them beside the built-ins. */
  private pipelineScope(plugins: Parameters<typeof pipelinePluginsModule>[0]): Container {
    if (!plugins.length) return this.container;
    const scope = new Container({ parent: this.container, defaultScope: 'Singleton' });
    scope.load(pipelinePluginsModule(plugins));
    return scope;
  }

  /** Validate then run. Throws a SeqpipeError (exit code 2) when the pipeline is invalid. */
  async run(file: string, options: RunOptions = {}): Promise<RunOutcome> {
    const request: RunRequest = {
      ...(options.name !== undefined ? { name: options.name } : {}), tags: options.tags ?? [],
      overrides: (options.overrides ?? []).map((o) => o.raw), ...(options.seed !== undefined ? { seed: options.seed } : {}),
    };
    return this.runLoaded(file, await this.load(file, options), { ...options, request });
  }

  /** Run what `load` returned, without reading the file again. */
  async runLoaded(
    file: string, loaded: Loaded, options: Omit<RunOptions, keyof LoadOptions | 'name' | 'tags'> & { request?: RunRequest } = {},
  ): Promise<RunOutcome> {
    if (!loaded.pipeline) throw invalid(file, loaded.diagnostics);
    const pipeline = loaded.pipeline;
    const scope = new Container({ parent: this.container });
    const warnings = loaded.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.stage ?? ''}: ${d.message}`);
    scope.bind(RUN_OPTIONS).toConstantValue({ ...options, stateDir: this.stateDir, warnings });
    const runOptions = scope.get(RUN_OPTIONS);
    const result = await runPipeline(pipeline, { registry: loaded.registry, env: this.env }, runOptions);
    if (options.report === false) return { ...result, diagnostics: loaded.diagnostics };
    // The report is derived from run.json and the store, so it is written after run.json and can
    // be rewritten any time (`seqpipe report RUN`); a report that fails does not fail the run.
    try {
      // Imported on first use: vega is heavy, and most commands never draw a chart.
      const { writeRunReport } = await import('@seqpipe/report');
      return { ...result, diagnostics: loaded.diagnostics, report: await writeRunReport(this.stateDir, result.record) };
    } catch (error) {
      return { ...result, diagnostics: loaded.diagnostics, reportError: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Per stage: would it be a cache hit, and if not, what changed since its last recorded run. Runs nothing. */
  async status(pipeline: ResolvedPipeline): Promise<StageStatusEntry[]> {
    return stageStatus(pipeline, { store: new ContentStore(this.stateDir), env: this.env, runs: await listRunRecords(this.stateDir) });
  }

  /**
   * Read the file, load its `plugins:` (as `load` does) and expand its sweep (the file's `sweep:`
   * block, or `cli` grid/seeds). The plan's registry holds the plugin stages.
   */
  async loadSweep(file: string, options: LoadOptions & { cli?: Partial<SweepSpec> } = {}): Promise<SweepPlan & { registry: PluginRegistry }> {
    const pd = options.source === undefined ? await readPipelineFile(file) : parsePipelineSource(options.source, file);
    if (pd.diagnostics.length) return { grid: [], seeds: [], diagnostics: pd.diagnostics, registry: this.registry };
    const plugins = await loadPlugins(pd, (uses) => (this.registry.stage(uses) ? 'a built-in stage' : undefined));
    if (plugins.diagnostics.length) return { grid: [], seeds: [], diagnostics: plugins.diagnostics, registry: this.registry };
    const registry = this.registryWith(plugins.plugins);
    return { ...(await expandSweep(pd, registry, options)), registry };
  }

  /** The built-in stages plus `plugins` (what a pipeline's `plugins:` loaded); a pool worker uses it too. */
  registryWith(plugins: readonly LoadedPlugin[]): PluginRegistry {
    return this.pipelineScope(plugins).get(REGISTRY);
  }

  /**
   * Where jobs run: in this process for one job at a time, else a pool of worker processes. The
   * workers have the built-in stages and import a pipeline's `plugins:` entries as jobs name them;
   * stages from `modules` need `jobs: 1`. More workers than cores only add memory and start-up
   * (training is CPU-bound), so `jobs` is capped at the cores (`maxJobs`).
   */
  runner(jobs: number = maxJobs(), registry: PluginRegistry = this.registry): Runner {
    const workers = Math.min(jobs, maxJobs());
    return workers <= 1 ? new InProcessRunner({ registry, store: new ContentStore(this.stateDir), env: this.env }, 1) : new PoolRunner({ script: WORKER_SCRIPT, workers, stateDir: this.stateDir, workerType: process.env['SEQPIPE_WORKER_TYPE'] === 'thread' ? 'thread' : 'process' });
  }

  /** Run every variant of a sweep as one plan; one run record per variant, and a sweep record. */
  async sweep(file: string, plan: SweepPlan & { registry?: PluginRegistry }, options: SweepRunOptions = {}): Promise<SweepResult> {
    if (!plan.variants) throw invalid(file, plan.diagnostics);
    const registry = plan.registry ?? this.registry;
    const runner = options.runner ?? this.runner(options.jobs, registry);
    try {
      const warnings = plan.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.stage ?? ''}: ${d.message}`);
      const sweepOptions: SweepOptions = {
        stateDir: this.stateDir, runner, warnings,
        ...(options.name ? { name: options.name } : {}),
        ...(options.noCache ? { noCache: true } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.hooksFor ? { hooksFor: options.hooksFor } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
        ...(runner instanceof PoolRunner ? { residentBytes: () => process.memoryUsage.rss() + runner.residentBytes() } : {}),
        // Local runners' concurrency is their slot count, given out longest job first; a queue's
        // is the workers seen at its start (more may join), so every ready job goes to the queue.
        ...(runner instanceof PoolRunner || runner instanceof InProcessRunner ? {} : { dispatchSlots: Number.POSITIVE_INFINITY }),
      };
      return await runSweep({ ...plan, variants: plan.variants }, { registry, env: this.env }, sweepOptions);
    } finally {
      if (!options.runner) await runner.close();
    }
  }

  /** `--queue URL`: jobs go to `seqpipe worker`s through BullMQ on Redis (loaded only when asked for). */
  async queueRunner(url: string): Promise<Runner> {
    const { QueueRunner } = await import('@seqpipe/queue');
    return QueueRunner.connect({ url, version: SEQPIPE_VERSION, store: new ContentStore(this.stateDir) });
  }
}

export function invalid(file: string, diagnostics: readonly Diagnostic[]): SeqpipeError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  return new SeqpipeError(first?.code ?? 'E_USAGE', `${file}: ${errors.length} error(s)`, {
    ...(first ?? {}), diagnostics: errors, exitCode: 2,
  });
}
