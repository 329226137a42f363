/**
 * `import { run } from 'seqpipe'`: the programmatic API of the `seqpipe` package. It runs a
 * pipeline exactly as `seqpipe run` does (same validation, cache, run record and report) and
 * returns the run's record instead of printing it. The classes behind it (`Seqpipe`, with load,
 * status and sweep) and the record types are re-exported for anything more.
 */
import { resolve } from 'node:path';
import { Seqpipe, type RunOptions, type RunOutcome, type SeqpipeOptions } from '@seqpipe/cli';
import { parseOverride, type Diagnostic } from '@seqpipe/core';

export { Seqpipe, main, runSummary } from '@seqpipe/cli';
export type { LoadOptions, Loaded, RunOptions, RunOutcome, SeqpipeOptions, SweepRunOptions } from '@seqpipe/cli';
export { isSeqpipeError, SeqpipeError } from '@seqpipe/core';
export type {
  Diagnostic, ErrorCode, Forecast, ForecastPoint, JsonObject, JsonValue, RunRecord, RunResult, StageRecord, SweepResult,
} from '@seqpipe/core';

/** A pipeline as a YAML file's path, or as the document itself (what the YAML file would parse to). */
export type PipelineInput = string | { readonly [key: string]: unknown };

export interface ApiRunOptions extends SeqpipeOptions, Omit<RunOptions, 'overrides' | 'source'> {
  /** Overrides as `seqpipe run --set` takes them: `['train.epochs=1', 'model.layers[0].units=8']`. */
  readonly set?: readonly string[];
  /**
   * For a document: the file it is recorded as; its `plugins:` and data paths resolve from this
   * file's folder. Default `pipeline.yaml` in the working directory.
   */
  readonly file?: string;
}

/**
 * Validate and run a pipeline. Resolves with the run (`record` is run.json; `record.status` says
 * whether it succeeded, and `error` why not). Rejects with a SeqpipeError when the pipeline is
 * invalid (`code`, `line`, `col`; `diagnostics` holds every error), as `seqpipe run` exits 2.
 */
export async function run(pipeline: PipelineInput, options: ApiRunOptions = {}): Promise<RunOutcome> {
  const { stateDir, modules, set, file, ...runOptions } = options;
  const seqpipe = new Seqpipe({ ...(stateDir !== undefined ? { stateDir } : {}), ...(modules ? { modules } : {}) });
  const overrides = (set ?? []).map(parseOverride);
  if (typeof pipeline === 'string') return seqpipe.run(pipeline, { ...runOptions, overrides });
  // JSON is YAML, so a document goes through the same parser, positions and checks as a file.
  const source = `${JSON.stringify(pipeline, null, 2)}\n`;
  return seqpipe.run(resolve(file ?? 'pipeline.yaml'), { ...runOptions, overrides, source });
}

export type ValidateOptions = Pick<ApiRunOptions, 'stateDir' | 'modules' | 'set' | 'file' | 'seed'>;

/** Validate a pipeline without running it: every diagnostic (errors and warnings), sorted by position. */
export async function validate(pipeline: PipelineInput, options: ValidateOptions = {}): Promise<readonly Diagnostic[]> {
  const { stateDir, modules, set, file, seed } = options;
  const seqpipe = new Seqpipe({ ...(stateDir !== undefined ? { stateDir } : {}), ...(modules ? { modules } : {}) });
  const load = { overrides: (set ?? []).map(parseOverride), ...(seed !== undefined ? { seed } : {}) };
  const loaded = typeof pipeline === 'string'
    ? await seqpipe.load(pipeline, load)
    : await seqpipe.load(resolve(file ?? 'pipeline.yaml'), { ...load, source: `${JSON.stringify(pipeline, null, 2)}\n` });
  return loaded.diagnostics;
}
