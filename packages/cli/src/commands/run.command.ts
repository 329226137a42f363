import { formatDiagnostic } from '@seqpipe/core';
import { invalidSummary, runSummary } from '../reporters/json.reporter.js';
import { printSummary, terminalHooks } from '../reporters/terminal.reporter.js';
import type { Command } from './command.js';
import { debugStack, interruptOnSignals, loadOptions, pipelineFile, printDiagnostics, redacted, runLimits, usage } from './shared.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';
import { trackerFor, trackingUri, trackRecords } from '../tracking/track-cli.js';

export const runCommand: Command = async (app, args) => {
  const file = pipelineFile(args, 'run');
  const seqpipe = app();
  const options = loadOptions(args);
  const { name, tag: tags = [] } = args.values;
  if (name !== undefined && !name.trim()) throw usage('--name must not be empty');
  if (tags.some((t) => !t.trim())) throw usage('--tag must not be empty');
  const limits = runLimits(args);
  if (args.values.track !== undefined) trackingUri(args.values.track);
  const { experiment } = args.values;
  if (experiment !== undefined && !experiment.trim()) throw usage('--experiment must not be empty');
  const { jobs: asked } = args.values;
  if (asked !== undefined && !/^[1-9]\d*$/.test(asked)) throw usage(`--jobs must be a positive integer (got "${asked}")`);
  if (asked !== undefined && args.values.queue !== undefined) throw usage('--jobs and --queue exclude each other: with --queue the workers run the jobs');
  const loaded = await seqpipe.load(file, options);
  printDiagnostics(loaded.diagnostics);
  if (!loaded.pipeline) {
    if (args.values.json) out(`${JSON.stringify(invalidSummary(file, loaded.diagnostics))}\n`);
    return 2;
  }
  const p = loaded.pipeline;
  const tracker = trackerFor(args.values.track, p.document);
  // --jobs N: independent stages, and the series of a local: true trainer, run in N worker processes.
  const { jobs } = args.values;
  const runner = args.values.queue !== undefined ? await seqpipe.queueRunner(args.values.queue)
    : jobs !== undefined && Number(jobs) > 1 ? seqpipe.runner(Number(jobs), loaded.registry) : undefined;
  const queued = args.values.queue !== undefined ? ` · queue ${await redacted(args.values.queue)}` : runner ? ` · jobs ${runner.concurrency}` : '';
  process.stderr.write(`seqpipe run ${p.name} (${file}, seed ${p.seed}, ${p.stages.length} stages) · state ${seqpipe.stateDir}${queued}\n`);
  // The backend line is printed when TensorFlow loads, if it does: it names what computed.
  let backendShown: string | undefined;
  const hooks = terminalHooks(process.stderr, {
    ...(seqpipe.env.loadedBackend ? { loadedBackend: () => seqpipe.env.loadedBackend?.() } : {}),
    onBackendShown: (line) => (backendShown = line),
  });
  const interrupt = interruptOnSignals();
  try {
    const request = {
      ...(name !== undefined ? { name } : {}), tags,
      overrides: options.overrides?.map((o) => o.raw) ?? [], ...(options.seed !== undefined ? { seed: options.seed } : {}),
    };
    const result = await seqpipe.runLoaded(file, loaded, { noCache: args.values['no-cache'], hooks, signal: interrupt.signal, limits, request, ...(runner ? { runner } : {}) });
    printSummary(result.record, result.runDir, { ...(backendShown ? { backendShown } : {}), ...(result.report ? { report: result.report } : {}) });
    if (result.reportError) process.stderr.write(`warning: the report was not written: ${result.reportError}\n`);
    if (result.error) process.stderr.write(`${formatDiagnostic(result.error)}\n${debugStack(result.error)}`);
    // After run.json and the report, so MLflow gets the run folder as `seqpipe track` would send it.
    const tracking = tracker ? await trackRecords(tracker, seqpipe.stateDir, [result.record], experiment ? { experiment } : {}) : undefined;
    if (args.values.json) out(`${JSON.stringify({ ...runSummary(result.record, result.runDir, result.report), ...(tracking ? { tracking } : {}) })}\n`);
    return result.error ? 1 : 0;
  } finally {
    interrupt.release();
    await runner?.close();
  }
};

/** What `seqpipe run` takes (main.ts parses with it; --help shows it). */
export const runSpec: CommandSpec = {
  name: 'run', args: 'FILE',
  options: flags('set', 'seed', 'name', 'tag', 'no-cache', 'state-dir', 'json', 'max-seconds', 'max-memory', 'jobs', 'queue', 'track', 'experiment'),
  either: [['jobs', 'queue']],
  run: runCommand,
};
