import { invalidSummary } from '../reporters/json.reporter.js';
import type { Command } from './command.js';
import { loadOptions, pipelineFile, printDiagnostics } from './shared.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';

export const validateCommand: Command = async (app, args) => {
  const file = pipelineFile(args, 'validate');
  const { pipeline, diagnostics } = await app().load(file, loadOptions(args));
  printDiagnostics(diagnostics);
  if (args.values.json) {
    const summary = pipeline ? { status: 'valid', pipeline: pipeline.name, stages: pipeline.stages.length, warnings: diagnostics.length } : invalidSummary(file, diagnostics);
    out(`${JSON.stringify(summary)}\n`);
  } else if (pipeline) {
    out(`${file}: valid — ${pipeline.stages.length} stages, seed ${pipeline.seed}\n`);
  }
  return pipeline ? 0 : 2;
};

/** What `seqpipe validate` takes (main.ts parses with it; --help shows it). */
export const validateSpec: CommandSpec = {
  name: 'validate', args: 'FILE', options: flags('set', 'seed', 'json'),
  run: validateCommand,
};
