/**
 * What a report shows, gathered from a run record, its pipeline.json and the stored artifacts'
 * headers (metrics details, forecaster summaries): JSON only, so TensorFlow never loads.
 */
import { ContentStore, fromBytes, metricsCodec, readRunPipeline } from '@seqpipe/core';
import type { JsonObject, RunRecord } from '@seqpipe/core';
import { panelEvaluation, type PanelEvaluation } from './panel-data.js';

export interface PredictionSeries {
  readonly index: readonly number[];
  readonly time?: readonly number[];
  /** 'ms-epoch' when `time` holds dates (UTC epoch milliseconds). */
  readonly timeUnit?: string;
  readonly actual: readonly number[];
  readonly predicted: readonly number[];
  /** From a forecaster with intervals: per level (ascending), bounds aligned with `predicted` (original units). */
  readonly intervals?: PredictionIntervals;
}

export interface PredictionIntervals {
  readonly levels: readonly number[];
  readonly lower: readonly (readonly number[])[];
  readonly upper: readonly (readonly number[])[];
}

export interface Evaluation {
  readonly stage: string;
  /** The stage that produced the forecaster it scored (model or baseline). */
  readonly forecaster?: string;
  readonly part?: string;
  readonly values: Readonly<Record<string, number>>;
  readonly predictions?: PredictionSeries;
  /** On a panel: per-series metrics and the worst series (from the artifact's tables). */
  readonly panel?: PanelEvaluation;
}

export interface EpochLoss {
  readonly epoch: number;
  readonly loss: number | null;
  readonly valLoss?: number | null;
}

export interface RunReportData {
  readonly record: RunRecord;
  /** The resolved pipeline (defaults filled, overrides applied). */
  readonly pipeline: JsonObject;
  readonly evaluations: readonly Evaluation[];
  /** Trainer stage → loss per epoch (from the trained forecaster's summary). */
  readonly histories: Readonly<Record<string, readonly EpochLoss[]>>;
}

type Header = (digest: string | undefined) => Promise<JsonObject | undefined>;

const headerReader = (stateDir: string): Header => {
  const store = new ContentStore(stateDir);
  return async (digest) => {
    const bytes = digest ? await store.getObject(digest) : undefined;
    return bytes ? fromBytes(bytes).header : undefined;
  };
};

/** The loss history of a trainer stage, from its forecaster's summary. */
async function history(header: Header, s: RunRecord['stages'][number]): Promise<EpochLoss[] | undefined> {
  const summary = (await header(s.digest))?.summary as { history?: EpochLoss[] } | undefined;
  return summary?.history?.length ? summary.history : undefined;
}

/** The panel part of a metrics artifact with tables (decoded whole: the tables are its buffers). */
async function panelOf(stateDir: string, digest: string): Promise<PanelEvaluation | undefined> {
  const bytes = await new ContentStore(stateDir).getObject(digest);
  const tables = bytes ? (await metricsCodec.decode(fromBytes(bytes))).tables : undefined;
  return tables ? panelEvaluation(tables) : undefined;
}

export async function loadRunReportData(stateDir: string, record: RunRecord): Promise<RunReportData> {
  const header = headerReader(stateDir);
  const pipeline = await readRunPipeline(stateDir, record.runId);
  const stages = (pipeline.stages ?? {}) as Record<string, { from?: unknown }>;
  const evaluations: Evaluation[] = [];
  const histories: Record<string, EpochLoss[]> = {};
  for (const s of record.stages) {
    if (record.metrics[s.id]) {
      const h = await header(s.digest);
      const details = (h?.details ?? {}) as { part?: string; predictions?: PredictionSeries };
      const panel = h?.tables ? await panelOf(stateDir, s.digest!) : undefined;
      const from = stages[s.id]?.from;
      const forecaster = typeof from === 'object' && from !== null ? (from as Record<string, unknown>).model : undefined;
      evaluations.push({
        stage: s.id, values: record.metrics[s.id]!,
        ...(typeof forecaster === 'string' ? { forecaster } : {}),
        ...(details.part ? { part: details.part } : {}),
        ...(details.predictions ? { predictions: details.predictions } : {}),
        ...(panel ? { panel } : {}),
      });
    } else if (s.uses.startsWith('trainer/')) {
      const h = await history(header, s);
      if (h) histories[s.id] = h;
    }
  }
  return { record, pipeline, evaluations, histories };
}

/**
 * What a sweep report reads of a variant: its record and loss histories. Skips pipeline.json and
 * the evaluators' artifacts (their predictions), which a sweep report never shows.
 */
export async function loadRunHistories(stateDir: string, record: RunRecord): Promise<Pick<RunReportData, 'record' | 'histories'>> {
  const header = headerReader(stateDir);
  const histories: Record<string, EpochLoss[]> = {};
  for (const s of record.stages) {
    if (record.metrics[s.id] || !s.uses.startsWith('trainer/')) continue;
    const h = await history(header, s);
    if (h) histories[s.id] = h;
  }
  return { record, histories };
}
