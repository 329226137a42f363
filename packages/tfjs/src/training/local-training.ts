/**
 * `local: true`: one network per series, each trained on that series' training windows only
 * (its validation windows for the validation loss). Through the scheduler each series is a job of
 * its own (the stage's `partition`: parts `{ part: ID }`, then `{ parts: IDS }` combines them), so
 * `--jobs` and `--queue` spread them and each is cached and checkpointed on its own; `trainLocal`
 * trains them all in one call (a direct `run`, as in unit tests) and gives the same forecaster.
 * Series s is seeded by deriveSeed(stage seed, "series\0" + its id), so a series' model does not
 * depend on which other series the panel holds or their order.
 */
import {
  createRng, deriveSeed, messages, seriesRanges, SeqpipeError, windowsAt, windowsBySeries,
  type Forecaster, type JsonObject, type JsonValue, type ModelSpec, type ProgressEvent, type Split, type StageContext, type Windows,
} from '@seqpipe/core';
import { createLocalForecaster, type LocalForecaster } from '../model/local-forecaster.js';
import type { TrainingParams } from './training-params.js';

export type TrainOne = (ctx: StageContext, spec: ModelSpec, data: Split, params: TrainingParams) => Promise<Forecaster>;

/** The seed of series `id`'s network. */
export const seriesSeed = (stageSeed: number, id: string): number => deriveSeed(stageSeed, `series\u0000${id}`);

/** Per-series progress at most this often (besides the first and last series). */
const SERIES_EVENT_MS = 1000;

/** Each series' windows of `w` (by the panel's series order) as positions into the same data; undefined for none. */
function bySeries(w: Windows | undefined, series: number): (Int32Array | undefined)[] {
  if (!w) return new Array(series);
  const { starts, order } = windowsBySeries(w);
  return Array.from({ length: series }, (_, s) => (starts[s + 1]! > starts[s]!
    ? Int32Array.from(order.subarray(starts[s]!, starts[s + 1]!), (k) => w.index[k]!)
    : undefined));
}

const mean = (xs: readonly number[]): JsonValue => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Number.isFinite(m) ? m : null;
};

/** Shared architecture and training, the per-epoch mean over series, and each series' last losses. */
function localSummary(ids: readonly string[], models: readonly Forecaster[]): JsonObject {
  const first = models[0]!.summary;
  const histories = models.map((m) => (m.summary.history ?? []) as { loss: number; valLoss?: number }[]);
  // Early stopping ends series at different epochs: each epoch's mean is over the series that ran it.
  const epochs = Math.max(...histories.map((h) => h.length));
  const history = Array.from({ length: epochs }, (_, e): JsonObject => {
    const val = histories.flatMap((h) => (h[e]?.valLoss === undefined ? [] : [h[e]!.valLoss!]));
    return { epoch: e + 1, loss: mean(histories.flatMap((h) => (h[e] ? [h[e].loss] : []))), ...(val.length > 0 ? { valLoss: mean(val) } : {}) };
  });
  const controls = models.map((m) => m.summary.control);
  return {
    local: true,
    series: ids.length,
    architecture: first.architecture ?? null,
    params: first.params ?? null,
    engine: first.engine ?? null,
    ...(first.backend === undefined ? {} : { backend: first.backend }),
    training: first.training ?? null,
    // The mean over series of each epoch's loss (what the report charts); each series' own is in perSeries.
    history,
    perSeries: ids.map((id, i): JsonObject => {
      const last = histories[i]!.at(-1);
      return { id, loss: last?.loss ?? null, ...(last?.valLoss === undefined ? {} : { valLoss: last.valLoss }) };
    }),
    // What early stopping / the schedule did in each series' training (run.json's `training`).
    ...(controls[0] === undefined ? {} : { control: { perSeries: ids.map((id, i): JsonObject => ({ id, ...(controls[i] as JsonObject) })) } }),
  };
}

/**
 * Each series' own split (positions into the same rows) for the series of a panel that get a
 * model: those with training windows. A series with validation or test windows but no training
 * window is E_LOCAL_NO_TRAIN; one with no window at all is left out.
 */
function seriesSplits(data: Split, stage?: string): { id: string; split: Split }[] {
  const { train, validation, test } = data;
  const { ids } = seriesRanges(train, train.rows);
  const trainOf = bySeries(train, ids.length);
  const validationOf = bySeries(validation, ids.length);
  const testOf = bySeries(test, ids.length);
  const missing = ids.filter((_, s) => !trainOf[s] && (validationOf[s] || testOf[s]));
  if (missing.length > 0) {
    throw new SeqpipeError('E_LOCAL_NO_TRAIN', messages.E_LOCAL_NO_TRAIN(missing.length, ids.length, missing), { ...(stage ? { stage } : {}), exitCode: 1 });
  }
  return ids.flatMap((id, s) => (trainOf[s] ? [{
    id,
    split: {
      kind: 'split' as const,
      train: windowsAt(train, trainOf[s]),
      ...(validation && validationOf[s] ? { validation: windowsAt(validation, validationOf[s]) } : {}),
      test: windowsAt(test, testOf[s] ?? new Int32Array(0)),
    },
  }] : []));
}

/** The series that get a model (the parts of the trainer's partition). */
export const localSeries = (data: Split, stage?: string): string[] => seriesSplits(data, stage).map((p) => p.id);

/** One series' network (a part job of `local: true`): trained on its windows alone, seeded by its id. */
export function trainSeries(ctx: StageContext, spec: ModelSpec, data: Split, params: TrainingParams, trainOne: TrainOne, id: string): Promise<Forecaster> {
  const one = seriesSplits(data, ctx.stageId).find((p) => p.id === id);
  if (!one) throw new Error(`no training windows of series "${id}" in the split`);
  const seed = seriesSeed(ctx.seed, id);
  // Without `part`, the network records the params trainLocal gives it: both paths, the same bytes.
  const { part: _part, ...rest } = params;
  return trainOne({ ...ctx, seed, rng: createRng(seed) }, spec, one.split, rest);
}

/** The per-series networks (the part jobs' outputs, in `ids` order) as one forecaster. */
export function combineLocal(data: Split, ids: readonly string[], models: readonly Forecaster[]): LocalForecaster {
  const { train } = data;
  const shape = { lookback: train.lookback, features: train.columns.length, horizon: train.horizon, targets: train.targetColumns.length };
  return createLocalForecaster(shape, ids, models, localSummary(ids, models));
}

export async function trainLocal(ctx: StageContext, spec: ModelSpec, data: Split, params: TrainingParams, trainOne: TrainOne): Promise<LocalForecaster> {
  const trained = seriesSplits(data, ctx.stageId);
  ctx.log.info(`local: one model per series, ${trained.length} series`);
  // A shared checkpoint slot would hand one series' weights to the next: none per series.
  const { checkpoints: _unused, ...base } = ctx;
  const models: Forecaster[] = [];
  let lastBatch = -Infinity;
  let lastSeries = -Infinity;
  try {
    for (const [i, { id, split: one }] of trained.entries()) {
      const seed = seriesSeed(ctx.seed, id);
      const started = performance.now();
      let last: ProgressEvent | undefined;
      const progress = (e: ProgressEvent): void => {
        if (e.type !== 'epoch') return;
        last = e;
        if (performance.now() - lastBatch < SERIES_EVENT_MS / 5) return;
        lastBatch = performance.now();
        ctx.progress({ type: 'batch', unit: 'series', epoch: i + 1, epochs: trained.length, batch: e.epoch, batches: e.epochs });
      };
      models.push(await trainOne({ ...base, seed, rng: createRng(seed), progress }, spec, one, params));
      const done = performance.now();
      if (last?.type === 'epoch' && (i === 0 || i === trained.length - 1 || done - lastSeries >= SERIES_EVENT_MS)) {
        lastSeries = done;
        ctx.progress({
          type: 'epoch', unit: 'series', epoch: i + 1, epochs: trained.length, loss: last.loss,
          ...(last.valLoss === undefined ? {} : { valLoss: last.valLoss }), seconds: (done - started) / 1000,
        });
      }
    }
  } catch (error) {
    for (const m of models) m.dispose?.();
    throw error;
  }
  return combineLocal(data, trained.map((t) => t.id), models);
}
