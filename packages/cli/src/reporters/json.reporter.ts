/** The `--json` contract: exactly one object on stdout. Scripts depend on these field names. */
import type { Diagnostic, RunRecord } from '@seqpipe/core';

export function runSummary(record: RunRecord, runDir: string): object {
  return {
    runId: record.runId,
    pipeline: record.pipeline.name,
    status: record.status,
    backend: record.environment.backend,
    seed: record.pipeline.seed,
    seconds: record.seconds,
    stages: record.stages.map((s) => ({ id: s.id, uses: s.uses, cached: s.cached, seconds: s.seconds, status: s.status })),
    metrics: record.metrics,
    predictions: record.predictions,
    warnings: record.warnings,
    runDir,
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
