/** The `--json` contract: exactly one object on stdout. Scripts depend on these field names. */
import { join } from 'node:path';
import type { Diagnostic, RunRecord, SeqpipeError } from '@seqpipe/core';

export function runSummary(record: RunRecord, runDir: string, report?: string): object {
  return {
    runId: record.runId,
    ...(record.name !== undefined ? { name: record.name } : {}),
    tags: record.tags ?? [],
    pipeline: record.pipeline.name,
    status: record.status,
    // What computed: the training engines, and the TensorFlow backend only when TensorFlow ran.
    ...(record.environment.engines ? { engines: record.environment.engines } : {}),
    ...(record.environment.kernels ? { kernels: record.environment.kernels } : {}),
    ...(record.environment.tensorflowLoaded !== false && record.environment.backend !== undefined ? { backend: record.environment.backend } : {}),
    seed: record.pipeline.seed,
    seconds: record.seconds,
    stages: record.stages.map((s) => ({
      id: s.id, uses: s.uses, cached: s.cached, seconds: s.seconds, status: s.status, ...(s.resumedFrom ? { resumedFrom: s.resumedFrom } : {}),
      ...(s.recovered ? { recovered: true } : {}),
    })),
    metrics: record.metrics,
    // Per evaluator that wrote tables: how many series it scored (its smape/mase/mape are means over them) and its CSVs.
    ...(record.evaluations ? { evaluations: Object.fromEntries(Object.entries(record.evaluations).map(([id, e]) => [id, { series: e.series, seriesCsv: join(runDir, e.seriesCsv), forecastsCsv: join(runDir, e.forecastsCsv) }])) } : {}),
    // Per trainer with earlyStopping or lrSchedule: epochsRun, stoppedEpoch, bestEpoch, learningRate.
    ...(record.training ? { training: record.training } : {}),
    predictions: record.predictions,
    warnings: record.warnings,
    runDir,
    ...(report ? { report } : {}),
    ...(record.error ? { error: record.error } : {}),
  };
}

export function invalidSummary(file: string, diagnostics: readonly Diagnostic[]): object {
  return {
    status: 'invalid',
    pipeline: file,
    errors: diagnostics.map(({ code, message, file: f, line, col, stage, severity }) => ({ code, message, file: f, line, col, stage, severity })),
  };
}

/** A usage error, a missing file or a failure outside a run, as the one --json object. */
export function errorSummary(error: SeqpipeError): object {
  const { code, message, file, line, col, stage } = error;
  return { status: error.exitCode === 2 ? 'invalid' : 'failed', errors: [{ code, message, file, line, col, stage, severity: 'error' }] };
}
