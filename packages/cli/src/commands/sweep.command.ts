import { availableParallelism } from 'node:os';
import { formatDiagnostic, parseGridArg, parseSeeds, type SweepSpec } from '@seqpipe/core';
import { invalidSummary } from '../reporters/json.reporter.js';
import { printSweepTable, sweepHooks, sweepSummary } from '../reporters/sweep.reporter.js';
import type { Command } from './command.js';
import { loadOptions, pipelineFile, printDiagnostics, redacted, usage } from './shared.js';

export const sweepCommand: Command = async (app, args) => {
  const file = pipelineFile(args, 'sweep');
  const { jobs, name } = args.values;
  if (jobs !== undefined && !/^[1-9]\d*$/.test(jobs)) throw usage(`--jobs must be a positive integer (got "${jobs}")`);
  const { queue } = args.values;
  if (queue !== undefined && jobs !== undefined) throw usage('--jobs and --queue exclude each other: with --queue the workers run the jobs');
  const cli: Partial<SweepSpec> = {
    ...(args.values.grid?.length ? { grid: args.values.grid.map(parseGridArg) } : {}),
    ...(args.values.seeds !== undefined ? { seeds: parseSeeds(args.values.seeds) } : {}),
  };
  const seqpipe = app();
  const plan = await seqpipe.loadSweep(file, { ...loadOptions(args), cli });
  printDiagnostics(plan.diagnostics);
  if (!plan.variants) {
    if (args.values.json) process.stdout.write(`${JSON.stringify(invalidSummary(file, plan.diagnostics))}\n`);
    return 2;
  }
  const workers = jobs === undefined ? undefined : Number(jobs);
  const first = plan.variants[0]!.pipeline;
  const runner = queue === undefined ? undefined : await seqpipe.queueRunner(queue);
  const where = queue === undefined ? `jobs ${workers ?? availableParallelism()}` : `queue ${await redacted(queue)}`;
  const shape = [...plan.grid.map((a) => String(a.values.length)), `${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'}`].join(' × ');
  process.stderr.write(`seqpipe sweep ${name ?? first.name} (${file}, ${plan.variants.length} variants = ${shape}, ${where}) · state ${seqpipe.stateDir}\n`);
  if (first.stages.some((s) => s.definition.numeric)) {
    const { backend, tfjs } = await seqpipe.env.describe();
    const note = seqpipe.env.fallbackNote?.();
    process.stderr.write(`backend ${backend} (tfjs ${tfjs})${note ? ` — ${note}` : ''}\n`);
  }
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await seqpipe.sweep(file, plan, {
      ...(workers ? { jobs: workers } : {}), ...(name ? { name } : {}), noCache: args.values['no-cache'],
      signal: controller.signal, hooksFor: (v) => sweepHooks(v), ...(runner ? { runner } : {}),
    });
    printSweepTable(result);
    for (const r of result.runs) if (r.record.error) process.stderr.write(`${formatDiagnostic({ ...r.record.error, severity: 'error', file })}\n`);
    if (args.values.json) process.stdout.write(`${JSON.stringify(sweepSummary(result))}\n`);
    return result.record.status === 'success' ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await runner?.close();
  }
};
