/**
 * A saved run forecasting past the end of a new CSV: the file is read exactly as the run's
 * `source/csv` read its own (same params, same columns), scaled with the run's FITTED transforms
 * (never re-fitted), windowed with the run's lookback and horizon, and forecast from its end by
 * the run's model. A difference (transform/diff) has nothing fitted: it is taken of the new
 * series itself, so the forecast integrates back from the new input's own last values. Dates
 * continue the file's own calendar step.
 */
import { dirname, resolve } from 'node:path';
import {
  applyTransforms, createRng, deriveSeed, SeqpipeError, messages,
  type Forecast, type Forecaster, type PluginRegistry, type Series, type Split, type StageContext,
} from '@seqpipe/core';
import { difference, nextPredictor, readCsvSeries, slidingWindower, type CsvReadParams } from '@seqpipe/stages';
import { noModel, predictorOf, type SavedRun } from './saved-run.js';

export async function forecastNewSeries(run: SavedRun, registry: PluginRegistry, input: string, steps?: number): Promise<{ stage: string; uses: string; forecast: Forecast }> {
  const p = predictorOf(run, registry);
  const portOf = (kind: string): string | undefined => Object.entries(p.inputs).find(([port]) => p.definition.inputs[port] === kind)?.[1];
  const modelId = portOf('forecaster');
  const dataId = portOf('split');
  if (!modelId || !dataId) throw noModel(run.record, `its predictor "${p.id}" does not read a model and a split`);
  const source = upstreamSource(run, dataId);
  if (source?.uses !== 'source/csv') {
    throw new SeqpipeError('E_PREDICT_INPUT', messages.E_PREDICT_INPUT(run.record.runId, source?.uses ?? 'no source'), { exitCode: 2 });
  }
  const split = (await run.artifact(dataId)) as Split;
  // Per-series fitted scalers: a new file's one series has no fit of its own to be scaled with.
  const trained = split.test.ids?.length ?? 1;
  if (trained > 1) {
    const detail = `run ${run.record.runId} was trained on ${trained} series, each scaled by its own fit; forecast them with predict --run (--series ID for one)`;
    throw new SeqpipeError('E_PANEL_UNSUPPORTED', messages.E_PANEL_UNSUPPORTED('predict --input', detail), { exitCode: 2 });
  }
  const fitted = split.test;
  const series = await readCsvSeries(resolve(input), { ...(source.with as unknown as CsvReadParams) });
  const scaled = scaleWithFitted(series, fitted.columns, fitted.transforms, input);
  const ctx = context(run, p.id);
  const windows = await slidingWindower.run(ctx, { series: scaled }, {
    lookback: fitted.lookback, horizon: fitted.horizon, stride: 1, target: fitted.columns[fitted.targetColumns[0]!]!, features: 'all', dropLast: false,
  });
  const model = (await run.artifact(modelId)) as Forecaster;
  try {
    const params = { from: 'end' as const, steps: steps ?? (typeof p.params.steps === 'number' ? p.params.steps : 1) };
    const forecast = await nextPredictor.run(ctx, { model, data: { kind: 'split', train: windows, test: windows } }, params);
    return { stage: p.id, uses: nextPredictor.uses, forecast };
  } finally {
    model.dispose?.();
  }
}

/** The series source at the top of the data chain (following each stage's first input). */
function upstreamSource(run: SavedRun, from: string): { uses: string; with?: Record<string, unknown> } | undefined {
  let id: string | undefined = from;
  for (let guard = 0; id && guard < 100; guard++) {
    const stage: SavedRun['document']['stages'][string] | undefined = run.document.stages[id];
    if (!stage) return undefined;
    const refs: string[] = typeof stage.from === 'string' ? [stage.from] : Object.values(stage.from ?? {});
    if (!refs.length) return stage;
    id = refs[0];
  }
  return undefined;
}

/**
 * The model's columns of the new series, in the model's order, through the run's transforms in
 * their order: pointwise ones (scalers, log) as fitted; a difference taken afresh of the new
 * series, recording its values so the forecast is integrated from the new input's end.
 */
function scaleWithFitted(series: Series, columns: readonly string[], transforms: Split['test']['transforms'], input: string): Series {
  const index = columns.map((name) => series.columns.indexOf(name));
  const missing = columns.filter((_, j) => index[j]! < 0);
  if (missing.length) {
    throw new SeqpipeError('E_CSV_MISSING_COLUMN', messages.E_CSV_MISSING_COLUMN(missing[0]!, 'the saved model', series.columns), { file: input, exitCode: 2 });
  }
  const width = series.columns.length;
  const selected = new Float64Array(series.length * columns.length);
  for (let r = 0; r < series.length; r++) {
    for (let j = 0; j < columns.length; j++) selected[r * columns.length + j] = series.values[r * width + index[j]!]!;
  }
  const { time, timeUnit } = series;
  let out: Series = { kind: 'series', columns, length: series.length, values: selected, ...(time ? { time } : {}), ...(timeUnit ? { timeUnit } : {}), transforms: [] };
  for (const t of transforms) {
    if (t.type === 'diff') {
      out = difference(out, t.lag);
      continue;
    }
    const values = out.values.map((v, i) => applyTransforms(v, [t], i % columns.length));
    out = { ...out, values, transforms: [...out.transforms, t] };
  }
  return out;
}

function context(run: SavedRun, stageId: string): StageContext {
  const seed = deriveSeed(run.record.pipeline.seed, stageId);
  return {
    stageId, uses: 'predict', seed, rng: createRng(seed), signal: new AbortController().signal,
    pipelineDir: dirname(resolve(run.record.pipeline.file)),
    log: { info: () => {}, warn: () => {} }, progress: () => {},
  };
}
