import { formatDiagnostic, messages, parseOverride, SeqpipeError, type Diagnostic } from '@seqpipe/core';
import type { LoadOptions } from '../seqpipe.js';
import type { CommandArgs } from './command.js';

export function pipelineFile(args: CommandArgs, command: string): string {
  const [file, ...extra] = args.positionals;
  if (!file) throw usage(`"seqpipe ${command}" needs a pipeline file, e.g. seqpipe ${command} pipelines/sine-rnn.yaml`);
  if (extra.length) throw usage(`unexpected argument "${extra[0]}"`);
  return file;
}

export function loadOptions(args: CommandArgs): LoadOptions {
  const { seed } = args.values;
  if (seed !== undefined && !/^\d+$/.test(seed)) throw usage(`--seed must be a non-negative integer (got "${seed}")`);
  return {
    overrides: (args.values.set ?? []).map(parseOverride),
    ...(seed !== undefined ? { seed: Number(seed) } : {}),
  };
}

export function usage(detail: string): SeqpipeError {
  return new SeqpipeError('E_USAGE', messages.E_USAGE(detail), { exitCode: 2 });
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], out: NodeJS.WriteStream = process.stderr): void {
  for (const d of diagnostics) out.write(`${formatDiagnostic(d)}\n`);
}
