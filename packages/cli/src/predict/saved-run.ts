/**
 * A finished run as a forecaster, without its pipeline file and without retraining: the run's
 * record names each stage's output digest, the content store holds the bytes (verified on read),
 * and `pipeline.json` holds the resolved parameters.
 */
import { dirname, resolve } from 'node:path';
import {
  ContentStore, createRng, deriveSeed, fromBytes, messages, readRunPipeline, resolveRun, SeqpipeError,
  type Artifact, type JsonObject, type PluginRegistry, type RunRecord, type StageDefinition,
} from '@seqpipe/core';

export interface SavedRun {
  readonly record: RunRecord;
  /** The resolved pipeline document the run recorded. */
  readonly document: { readonly stages: Record<string, { uses: string; from?: string | Record<string, string>; with?: JsonObject }> };
  /** Decodes a stage's stored output; the caller disposes forecasters. */
  artifact(stageId: string): Promise<Artifact>;
}

export function noModel(record: RunRecord, detail: string): SeqpipeError {
  return new SeqpipeError('E_RUN_NO_MODEL', messages.E_RUN_NO_MODEL(record.runId, detail), { exitCode: 2 });
}

export async function openRun(stateDir: string, ref: string, registry: PluginRegistry): Promise<SavedRun> {
  const record = await resolveRun(stateDir, ref);
  const store = new ContentStore(stateDir);
  const document = (await readRunPipeline(stateDir, record.runId)) as unknown as SavedRun['document'];
  return {
    record,
    document,
    async artifact(stageId) {
      const digest = record.stages.find((s) => s.id === stageId)?.digest;
      if (!digest) throw noModel(record, `stage "${stageId}" has no stored output`);
      const bytes = await store.getObject(digest); // undefined when missing or failing its digest check
      if (!bytes) throw noModel(record, `the output of stage "${stageId}" (${digest.slice(0, 12)}…) is missing from the store or corrupt; run the pipeline again`);
      return registry.decode(fromBytes(bytes));
    },
  };
}

/** The stage that recorded the run's first forecast, with its definition and upstream stage ids. */
export function predictorOf(run: SavedRun, registry: PluginRegistry): {
  id: string; definition: StageDefinition; params: JsonObject; inputs: Record<string, string>;
} {
  const { record, document } = run;
  const id = record.stages.map((s) => s.id).find((s) => s in record.predictions);
  if (!id) throw unfinished(run, registry) ?? noModel(record, 'no stage recorded a forecast (add a predictor/next stage to the pipeline)');
  const stage = document.stages[id]!;
  const definition = registry.stage(stage.uses);
  if (!definition) throw noModel(record, `its predictor "${id}" uses "${stage.uses}", which is not a built-in stage`);
  const ports = Object.keys(definition.inputs);
  const inputs = typeof stage.from === 'string' ? { [ports[0]!]: stage.from } : { ...(stage.from ?? {}) };
  return { id, definition, params: stage.with ?? {}, inputs };
}

/**
 * A run that has a predictor but stopped (interrupted, failed) before it finished: E_RUN_UNFINISHED
 * saying what stopped it, rather than suggesting a predictor the pipeline already has.
 */
function unfinished(run: SavedRun, registry: PluginRegistry): SeqpipeError | undefined {
  const { record, document } = run;
  const predictor = record.stages.find((s) => registry.stage(document.stages[s.id]?.uses ?? s.uses)?.output === 'forecast');
  if (!predictor || predictor.status === 'ran' || predictor.status === 'hit') return undefined;
  const stopped = record.error ?? predictor.error;
  const cause = stopped ? `${stopped.code}${stopped.stage ? ` at stage "${stopped.stage}"` : ''}` : `predictor ${predictor.status}`;
  return new SeqpipeError('E_RUN_UNFINISHED', messages.E_RUN_UNFINISHED(record.runId, record.status, predictor.id, cause, record.pipeline.file), { exitCode: 2 });
}

/** Runs the recorded predictor again on the stored model and data: the run's forecast, exactly. */
export async function replayForecast(run: SavedRun, registry: PluginRegistry, steps?: number, series?: string): Promise<{ stage: string; uses: string; forecast: Artifact }> {
  const p = predictorOf(run, registry);
  const inputs: Record<string, Artifact> = {};
  try {
    for (const [port, ref] of Object.entries(p.inputs)) inputs[port] = await run.artifact(ref);
    const seed = deriveSeed(run.record.pipeline.seed, p.id);
    const forecast = await p.definition.run(
      {
        stageId: p.id, uses: p.definition.uses, seed, rng: createRng(seed), signal: new AbortController().signal,
        pipelineDir: dirname(resolve(run.record.pipeline.file)),
        log: { info: () => {}, warn: () => {} }, progress: () => {},
      },
      inputs as never,
      { ...p.params, ...(steps === undefined ? {} : { steps }), ...(series === undefined ? {} : { series }) },
    );
    return { stage: p.id, uses: p.definition.uses, forecast };
  } finally {
    for (const a of Object.values(inputs)) if ('dispose' in a) a.dispose?.();
  }
}
