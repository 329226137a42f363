/**
 * The composition root and the programmatic API: one inversify container per invocation, each
 * package contributing a ContainerModule, and a child container per run.
 */
import { resolve } from 'node:path';
import {
  applyOverrides, ContentStore, coreModule, listRunRecords, stageStatus, type RunRequest, type StageStatusEntry, NUMERIC_ENV, readPipelineFile, REGISTRY, runPipeline, SeqpipeError,
  validatePipeline, type Diagnostic, type ExecuteHooks, type NumericEnvironment, type Override, type PluginRegistry,
  type ResolvedPipeline, type RunLimits, type RunResult,
} from '@seqpipe/core';
import { stagesModule } from '@seqpipe/stages';
import { tfjsModule } from '@seqpipe/tfjs';
import { Container, type ContainerModule, type ServiceIdentifier } from 'inversify';

export interface SeqpipeOptions {
  /** Where the cache and run records live; default `.seqpipe` in the working directory. */
  readonly stateDir?: string;
  /** Extra plugin modules (third-party stages and codecs). */
  readonly modules?: readonly ContainerModule[];
}

export interface LoadOptions {
  readonly overrides?: readonly Override[];
  readonly seed?: number;
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
}

export interface Loaded {
  readonly pipeline?: ResolvedPipeline;
  readonly diagnostics: readonly Diagnostic[];
}

/** The numeric environment, plus why a faster backend was not used (for the output). */
type Env = NumericEnvironment & { fallbackNote?(): string | undefined };

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
    const pd = await readPipelineFile(file);
    if (!pd.diagnostics.length) applyOverrides(pd, options.overrides ?? []);
    return await validatePipeline(pd, this.registry, { seed: options.seed });
  }

  /** Validate then run. Throws a SeqpipeError (exit code 2) when the pipeline is invalid. */
  async run(file: string, options: RunOptions = {}): Promise<RunResult & { diagnostics: readonly Diagnostic[] }> {
    const request: RunRequest = {
      ...(options.name !== undefined ? { name: options.name } : {}), tags: options.tags ?? [],
      overrides: (options.overrides ?? []).map((o) => o.raw), ...(options.seed !== undefined ? { seed: options.seed } : {}),
    };
    return this.runLoaded(file, await this.load(file, options), { ...options, request });
  }

  /** Run what `load` returned, without reading the file again. */
  async runLoaded(
    file: string, loaded: Loaded, options: Omit<RunOptions, keyof LoadOptions | 'name' | 'tags'> & { request?: RunRequest } = {},
  ): Promise<RunResult & { diagnostics: readonly Diagnostic[]; report?: string; reportError?: string }> {
    if (!loaded.pipeline) throw invalid(file, loaded.diagnostics);
    const pipeline = loaded.pipeline;
    const scope = new Container({ parent: this.container });
    const warnings = loaded.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.stage ?? ''}: ${d.message}`);
    scope.bind(RUN_OPTIONS).toConstantValue({ ...options, stateDir: this.stateDir, warnings });
    const runOptions = scope.get(RUN_OPTIONS);
    const result = await runPipeline(pipeline, { registry: scope.get(REGISTRY), env: this.env }, runOptions);
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
}

export function invalid(file: string, diagnostics: readonly Diagnostic[]): SeqpipeError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  return new SeqpipeError(first?.code ?? 'E_USAGE', `${file}: ${errors.length} error(s)`, {
    ...(first ?? {}), diagnostics: errors, exitCode: 2,
  });
}
