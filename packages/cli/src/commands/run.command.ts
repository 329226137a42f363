import { formatDiagnostic } from '@seqpipe/core';
import { invalidSummary, runSummary } from '../reporters/json.reporter.js';
import { printSummary, terminalHooks } from '../reporters/terminal.reporter.js';
import type { Command } from './command.js';
import { debugStack, loadOptions, pipelineFile, printDiagnostics, runLimits } from './shared.js';

export const runCommand: Command = async (app, args) => {
  const file = pipelineFile(args, 'run');
  const seqpipe = app();
  const options = loadOptions(args);
  const limits = runLimits(args);
  const loaded = await seqpipe.load(file, options);
  printDiagnostics(loaded.diagnostics);
  if (!loaded.pipeline) {
    if (args.values.json) process.stdout.write(`${JSON.stringify(invalidSummary(file, loaded.diagnostics))}\n`);
    return 2;
  }
  const p = loaded.pipeline;
  process.stderr.write(`seqpipe run ${p.name} (${file}, seed ${p.seed}, ${p.stages.length} stages) · state ${seqpipe.stateDir}\n`);
  if (p.stages.some((s) => s.definition.numeric)) {
    const { backend, tfjs } = await seqpipe.env.describe();
    const note = seqpipe.env.fallbackNote?.();
    process.stderr.write(`backend ${backend} (tfjs ${tfjs})${note ? ` — ${note}` : ''}\n`);
  }
  // Ctrl-C stops training between batches; the run is recorded as interrupted, the cache intact.
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await seqpipe.runLoaded(file, loaded, { noCache: args.values['no-cache'], hooks: terminalHooks(), signal: controller.signal, limits });
    printSummary(result.record, result.runDir);
    if (result.error) process.stderr.write(`${formatDiagnostic(result.error)}\n${debugStack(result.error)}`);
    if (args.values.json) process.stdout.write(`${JSON.stringify(runSummary(result.record, result.runDir))}\n`);
    return result.error ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
};
