import { invalidSummary } from '../reporters/json.reporter.js';
import type { Command } from './command.js';
import { loadOptions, pipelineFile, printDiagnostics } from './shared.js';
import { out } from '../output.js';

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
