import { isAbsolute, relative } from 'node:path';
import { formatDiagnostic, parseGridArg, parseSeeds, suggest, type ResolvedPipeline, type Runner, type RunLimits, type SweepRecord, type SweepSpec } from '@seqpipe/core';
import { invalidSummary } from '../reporters/json.reporter.js';
import { sweepProgress } from '../reporters/sweep-progress.js';
import { printSweepTable, sweepSummary } from '../reporters/sweep.reporter.js';
import { backendLine } from '../reporters/terminal.reporter.js';
import { maxJobs, type Seqpipe } from '../seqpipe.js';
import type { Command, CommandArgs } from './command.js';
import { interruptOnSignals, loadOptions, pipelineFile, printDiagnostics, redacted, runLimits, usage } from './shared.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';
import { trackerFor, trackingUri, trackRecords } from '../tracking/track-cli.js';

/**
 * The sweep's report comparing its variants, `sweeps/<id>/report.html`. Derived data, like a run's
 * report: a failure to write it is a warning, not a failed sweep (`seqpipe report --sweep` retries).
 */
async function writeSweepReportOrWarn(stateDir: string, record: SweepRecord): Promise<string | undefined> {
  try {
    // Imported on first use: vega is heavy.
    const { writeSweepReport } = await import('@seqpipe/report');
    const report = await writeSweepReport(stateDir, record);
    const rel = relative(process.cwd(), report);
    process.stderr.write(`report ${rel.startsWith('..') || isAbsolute(rel) ? report : rel}\n`);
    return report;
  } catch (error) {
    process.stderr.write(`warning: the sweep report was not written: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  }
}

export const sweepCommand: Command = async (app, args) => {
  const file = pipelineFile(args, 'sweep');
  const { jobs } = args.values;
  if (jobs !== undefined && !/^[1-9]\d*$/.test(jobs)) throw usage(`--jobs must be a positive integer (got "${jobs}")`);
  const limits = runLimits(args);
  if (args.values.track !== undefined) trackingUri(args.values.track);
  if (args.values.experiment !== undefined && !args.values.experiment.trim()) throw usage('--experiment must not be empty');
  const { queue } = args.values;
  if (queue !== undefined && jobs !== undefined) throw usage('--jobs and --queue exclude each other: with --queue the workers run the jobs');
  const cli: Partial<SweepSpec> = {
    ...(args.values.grid?.length ? { grid: args.values.grid.map(parseGridArg) } : {}),
    ...(args.values.seeds !== undefined ? { seeds: parseSeeds(args.values.seeds) } : {}),
  };
  const seqpipe = app();
  // Seqpipe.runner caps the workers at the cores; say so when --jobs asked for more.
  const cores = maxJobs();
  if (jobs !== undefined && Number(jobs) > cores) process.stderr.write(`note: --jobs ${jobs} is more than the ${cores} cores here; using ${cores}\n`);
  const workers = Math.min(jobs === undefined ? cores : Number(jobs), cores);
  // Worker processes start now, so their start-up (≈1 s of imports) overlaps validation and the
  // backend probe instead of delaying the first job. They load a pipeline's plugins per job.
  const pool = queue === undefined && workers > 1 ? seqpipe.runner(workers) : undefined;
  try {
    return await sweepWith(seqpipe, file, args, { workers, limits, cli, ...(pool ? { pool } : {}), ...(queue !== undefined ? { queue } : {}) });
  } finally {
    await pool?.close();
  }
};

async function sweepWith(
  seqpipe: Seqpipe, file: string, args: CommandArgs,
  { workers, limits, cli, pool, queue }: { workers: number; limits: RunLimits; cli: Partial<SweepSpec>; pool?: Runner; queue?: string },
): Promise<number> {
  const { name } = args.values;
  const plan = await seqpipe.loadSweep(file, { ...loadOptions(args), cli });
  printDiagnostics(plan.diagnostics);
  if (!plan.variants) {
    if (args.values.json) out(`${JSON.stringify(invalidSummary(file, plan.diagnostics))}\n`);
    return 2;
  }
  const first = plan.variants[0]!.pipeline;
  const metrics = chosenMetrics(args, first);
  const tracker = trackerFor(args.values.track, first.document);
  const { experiment } = args.values;
  const queued = queue === undefined ? undefined : await seqpipe.queueRunner(queue);
  const runner = pool ?? queued;
  const where = queue === undefined ? `jobs ${workers}` : `queue ${await redacted(queue)}`;
  const shape = [...plan.grid.map((a) => String(a.values.length)), `${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'}`].join(' × ');
  process.stderr.write(`seqpipe sweep ${name ?? first.name} (${file}, ${plan.variants.length} variants = ${shape}, ${where}) · state ${seqpipe.stateDir}\n`);
  // The backend line is printed when TensorFlow loads, if it does (here or in a worker): it names what computed.
  let backendShown: string | undefined;
  const progress = sweepProgress(plan.variants, process.stderr, {
    ...(seqpipe.env.loadedBackend ? { loadedBackend: () => seqpipe.env.loadedBackend?.() } : {}),
    onBackendShown: (line) => (backendShown = line),
  });
  const interrupt = interruptOnSignals();
  try {
    const result = await seqpipe.sweep(file, plan, {
      jobs: workers, ...(runner ? { runner } : {}), ...(name ? { name } : {}), noCache: args.values['no-cache'],
      signal: interrupt.signal, hooksFor: (v) => progress.hooksFor(v), limits,
    });
    progress.stop();
    const computed = result.runs.find((r) => r.record.environment.tensorflowLoaded)?.record.environment;
    if (!backendShown && computed) process.stderr.write(`${backendLine(computed)}\n`);
    printSweepTable(result, process.stderr, metrics);
    for (const r of result.runs) if (r.record.error) process.stderr.write(`${formatDiagnostic({ ...r.record.error, severity: 'error', file })}\n`);
    const report = await writeSweepReportOrWarn(seqpipe.stateDir, result.record);
    const tracking = tracker
      ? await trackRecords(tracker, seqpipe.stateDir, result.runs.map((r) => r.record), { sweepId: result.record.sweepId, ...(experiment ? { experiment } : {}) })
      : undefined;
    if (args.values.json) out(`${JSON.stringify({ ...sweepSummary(result), ...(report ? { report } : {}), ...(tracking ? { tracking } : {}) })}\n`);
    return result.record.status === 'success' ? 0 : 1;
  } finally {
    progress.stop();
    interrupt.release();
    await queued?.close();
  }
}

/** `--metric EVALUATOR.METRIC`s for the closing table: each names an evaluator of the pipeline (E_USAGE otherwise). */
function chosenMetrics(args: CommandArgs, pipeline: ResolvedPipeline): string[] {
  const evaluators = pipeline.stages.filter((s) => s.definition.output === 'metrics').map((s) => s.id);
  return (args.values.metric ?? []).map((m) => {
    const dot = m.indexOf('.');
    const stage = m.slice(0, Math.max(dot, 0));
    if (dot < 1 || dot === m.length - 1 || !evaluators.includes(stage)) {
      const near = suggest(stage || m, evaluators);
      throw usage(`--metric takes EVALUATOR.METRIC, e.g. ${evaluators[0] ?? 'test'}.mase (got "${m}"${near && near !== stage ? `; did you mean ${near}?` : ''}); evaluators: ${evaluators.join(', ') || '(none)'}`);
    }
    return m;
  });
}

/** What `seqpipe sweep` takes (main.ts parses with it; --help shows it). */
export const sweepSpec: CommandSpec = {
  name: 'sweep', args: 'FILE',
  options: flags('grid', 'seeds', 'jobs', 'queue', 'name', 'set', 'seed', 'no-cache', 'state-dir', 'json', 'max-seconds', 'max-memory', 'metric', 'track', 'experiment'),
  either: [['jobs', 'queue']],
  run: sweepCommand,
};
