import { formatDiagnostic, messages, parseOverride, SeqpipeError, type Diagnostic } from '@seqpipe/core';
import type { RunLimits } from '@seqpipe/core';
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

/** With SEQPIPE_DEBUG=1, the stack of the error's root cause (for bug reports); otherwise nothing. */
export function debugStack(error: unknown): string {
  if (!process.env['SEQPIPE_DEBUG'] || process.env['SEQPIPE_DEBUG'] === '0') return '';
  let root = error;
  for (let i = 0; i < 10 && root instanceof Error && root.cause !== undefined; i++) root = root.cause;
  const stack = root instanceof Error ? (root.stack ?? root.message) : String(root);
  return `${stack}\n`;
}

/** `--max-seconds N` and `--max-memory MB`: positive numbers. */
export function runLimits(args: CommandArgs): RunLimits {
  const read = (name: 'max-seconds' | 'max-memory'): number | undefined => {
    const raw = args.values[name];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || !(n > 0)) throw usage(`--${name} must be a positive number (got "${raw}")`);
    return n;
  };
  const maxSeconds = read('max-seconds');
  const maxMemoryMb = read('max-memory');
  return { ...(maxSeconds !== undefined ? { maxSeconds } : {}), ...(maxMemoryMb !== undefined ? { maxMemoryMb } : {}) };
}

/** The `--queue` URL as printed: without its password. */
export async function redacted(url: string): Promise<string> {
  const { redactUrl } = await import('@seqpipe/queue');
  return redactUrl(url);
}

/**
 * Ctrl-C and SIGTERM abort the returned signal once: the run path stops every stage (training
 * between batches, anything else within its grace time) and records the run as interrupted.
 * Call `release` when the command is done.
 */
export function interruptOnSignals(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
