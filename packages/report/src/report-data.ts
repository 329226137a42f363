/**
 * What a report shows, gathered from a run record, its pipeline.json and the stored artifacts'
 * headers (metrics details, forecaster summaries): JSON only, so TensorFlow never loads.
 */
import { ContentStore, fromBytes, readRunPipeline } from '@seqpipe/core';
import type { JsonObject, RunRecord } from '@seqpipe/core';

export interface PredictionSeries {
  readonly index: readonly number[];
  readonly time?: readonly number[];
  /** 'ms-epoch' when `time` holds dates (UTC epoch milliseconds). */
  readonly timeUnit?: string;
  readonly actual: readonly number[];
  readonly predicted: readonly number[];
}

export interface Evaluation {
  readonly stage: string;
  /** The stage that produced the forecaster it scored (model or baseline). */
  readonly forecaster?: string;
  readonly part?: string;
  readonly values: Readonly<Record<string, number>>;
  readonly predictions?: PredictionSeries;
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

export async function loadRunReportData(stateDir: string, record: RunRecord): Promise<RunReportData> {
  const store = new ContentStore(stateDir);
  const pipeline = await readRunPipeline(stateDir, record.runId);
  const stages = (pipeline.stages ?? {}) as Record<string, { from?: unknown }>;
  const header = async (digest: string | undefined): Promise<JsonObject | undefined> => {
    const bytes = digest ? await store.getObject(digest) : undefined;
    return bytes ? fromBytes(bytes).header : undefined;
  };
  const evaluations: Evaluation[] = [];
  const histories: Record<string, EpochLoss[]> = {};
  for (const s of record.stages) {
    if (record.metrics[s.id]) {
      const details = ((await header(s.digest))?.details ?? {}) as { part?: string; predictions?: PredictionSeries };
      const from = stages[s.id]?.from;
      const forecaster = typeof from === 'object' && from !== null ? (from as Record<string, unknown>).model : undefined;
      evaluations.push({
        stage: s.id, values: record.metrics[s.id]!,
        ...(typeof forecaster === 'string' ? { forecaster } : {}),
        ...(details.part ? { part: details.part } : {}),
        ...(details.predictions ? { predictions: details.predictions } : {}),
      });
    } else if (s.uses.startsWith('trainer/')) {
      const summary = (await header(s.digest))?.summary as { history?: EpochLoss[] } | undefined;
      if (summary?.history?.length) histories[s.id] = summary.history;
    }
  }
  return { record, pipeline, evaluations, histories };
}
