/**
 * Sweep output. stderr: a line per job that starts, ends or fails (hits are counted, not listed),
 * epoch lines per training job, then the table. stdout with --json: one object.
 */
import type { ExecuteHooks, ProgressEvent, RunRecord, SweepResult, SweepVariant } from '@seqpipe/core';
import { sweepTable } from './sweep-table.js';
import { unitWords } from './terminal.reporter.js';

const fmt = (n: number): string => (!Number.isFinite(n) ? '–' : n === 0 ? '0' : Math.abs(n) >= 1e-3 && Math.abs(n) < 1e4 ? n.toFixed(5) : n.toExponential(3));
const short = (name: string): string => name.slice(name.lastIndexOf('.') + 1);
const value = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** `v3 cell=gru seed 2`: which variant a line is about. */
export function variantLabel(v: SweepVariant): string {
  return [`v${v.index + 1}`, ...Object.entries(v.params).map(([k, x]) => `${short(k)}=${value(x)}`), `seed ${v.seed}`].join(' ');
}

/**
 * Per-job lines for one variant. `epochLines: false` when live bars show training instead (a
 * terminal: see sweep-progress.ts, which also routes `out` through its bars).
 */
export function sweepHooks(v: SweepVariant, out: Pick<NodeJS.WriteStream, 'write'> = process.stderr, epochLines = true): ExecuteHooks {
  const label = variantLabel(v);
  return {
    stageStart(stage, cached) {
      if (!cached) out.write(`  ▶ ${stage.id.padEnd(12)} ${stage.uses.padEnd(22)} running…  [${label}]\n`);
    },
    stageEnd(r) {
      if (r.status === 'ran') out.write(`  ✓ ${r.id.padEnd(12)} ${r.uses.padEnd(22)} ran     ${r.seconds.toFixed(2)}s  [${label}]\n`);
      if (r.status === 'failed') out.write(`  ✗ ${r.id.padEnd(12)} ${r.uses.padEnd(22)} FAILED  ${r.error?.code ?? ''}  [${label}]\n`);
      if (r.status === 'interrupted') out.write(`  ■ ${r.id.padEnd(12)} ${r.uses.padEnd(22)} stopped ${r.error?.code ?? ''}  [${label}]\n`);
    },
    progress(stage: string, e: ProgressEvent) {
      if (e.type !== 'epoch' || !epochLines) return; // batch events drive live bars only
      out.write(`    ${stage} ${unitWords(e).outer} ${String(e.epoch).padStart(String(e.epochs).length)}/${e.epochs}  loss ${fmt(e.loss)}${e.valLoss === undefined ? '' : `  val ${fmt(e.valLoss)}`}  ${e.seconds.toFixed(1)}s  [${label}]\n`);
    },
    log(stage, level, message) {
      out.write(`  ${level === 'warn' ? 'warning' : 'info'} [${stage}] ${message}  [${label}]\n`);
    },
  };
}

/** The table (sweep-table.ts: varied parameters, chosen metrics, ranked), then the sweep's line. */
export function printSweepTable(result: SweepResult, out: Pick<NodeJS.WriteStream, 'write'> = process.stderr, metrics: readonly string[] = []): void {
  const { record } = result;
  out.write(sweepTable(record, metrics).text);
  const failed = record.variants.filter((v) => v.status !== 'success').length;
  out.write(`sweep ${record.sweepId} ${record.status} in ${(record.seconds ?? 0).toFixed(2)}s: ${record.variants.length} variants${failed ? ` (${failed} not successful)` : ''}, ${record.stages?.ran ?? 0} stage jobs ran, ${record.stages?.cached ?? 0} stage results cached or shared → ${result.file}\n`);
}

/** The `--json` contract for `seqpipe sweep`. */
export function sweepSummary(result: SweepResult): object {
  const { record } = result;
  return {
    sweepId: record.sweepId,
    ...(record.name ? { name: record.name } : {}),
    pipeline: record.pipeline.name,
    status: record.status,
    seconds: record.seconds,
    jobs: record.jobs,
    variants: result.runs.map(({ variant, record: r, runDir }) => ({
      runId: r.runId, params: variant.params, seed: variant.seed, status: r.status, metrics: r.metrics,
      stages: r.stages.map((s) => ({ id: s.id, uses: s.uses, cached: s.cached, seconds: s.seconds, status: s.status })),
      runDir, ...(r.error ? { error: r.error } : {}),
    })),
    summary: record.summary,
    file: result.file,
    // A sweep stopped by Ctrl-C or a limit (E_TIME_LIMIT, E_MEMORY_LIMIT): why, from the first variant it stopped.
    ...(record.status === 'interrupted' ? { error: result.runs.find((r) => r.record.status === 'interrupted')?.record.error } : {}),
  };
}

export type { RunRecord };
