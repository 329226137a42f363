/** `seqpipe <command>`: argument parsing, dispatch, and the exit-code contract (0 ok, 1 run failed, 2 invalid). */
import { formatDiagnostic, isSeqpipeError, messages } from '@seqpipe/core';
import { cacheSpec } from './commands/cache.command.js';
import { graphSpec } from './commands/graph.command.js';
import { initSpec } from './commands/init.command.js';
import { parseCommandArgs, usageLine, type CommandSpec } from './commands/options.js';
import { pluginsSpec } from './commands/plugins.command.js';
import { predictSpec } from './commands/predict.command.js';
import { reportSpec } from './commands/report.command.js';
import { runSpec } from './commands/run.command.js';
import { compareSpec, runsSpec, showSpec } from './commands/runs.command.js';
import { schemaSpec } from './commands/schema.command.js';
import { debugStack, usage } from './commands/shared.js';
import { statusSpec } from './commands/status.command.js';
import { sweepSpec } from './commands/sweep.command.js';
import { trackSpec } from './commands/track.command.js';
import { validateSpec } from './commands/validate.command.js';
import { workerSpec } from './commands/worker.command.js';
import { errorSummary } from './reporters/json.reporter.js';
import { divertStrayStdout, out } from './output.js';
import { Seqpipe } from './seqpipe.js';
import { SEQPIPE_VERSION } from './version.js';

export { exitWhenFlushed, ignoreClosedReaders } from './output.js';

/** In the order --help lists them. */
const COMMANDS: readonly CommandSpec[] = [
  initSpec, runSpec, sweepSpec, validateSpec, graphSpec, pluginsSpec, predictSpec, schemaSpec,
  runsSpec, showSpec, compareSpec, statusSpec, reportSpec, trackSpec, cacheSpec, workerSpec,
];

const HELP_NOTES = `RUN is a run id, a unique id prefix, a run name (the newest run with it) or "latest" (the newest recorded run by
start time, whatever its status); SWEEP likewise for sweeps.

seqpipe --version prints the version
exit codes: 0 success, 1 failure while running, 2 invalid pipeline or usage
SEQPIPE_DEBUG=1 prints the stack behind an error (for bug reports)
`;

/** Generated from each command's declared options (commands/options.ts). */
export const HELP = `seqpipe — declarative, reproducible sequence-model experiments

usage:
${COMMANDS.map((c) => usageLine(c)).join('')}
${HELP_NOTES}`;

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      out(HELP);
      return name ? 0 : 2;
    }
    if (name === '--version' || name === '-V') {
      out(`${SEQPIPE_VERSION}\n`);
      return 0;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw usage(`unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
    const args = parseCommandArgs(command, rest, COMMANDS);
    if (args.help) {
      out(`usage:\n${usageLine(command)}\n${HELP_NOTES}`);
      return 0;
    }
    let app: Seqpipe | undefined;
    const restore = divertStrayStdout();
    try {
      return await command.run(() => (app ??= new Seqpipe({ stateDir: args.values['state-dir'] })), args);
    } finally {
      restore();
    }
  } catch (error) {
    // --json promises one object on stdout, even for a usage error or a missing file.
    if (isSeqpipeError(error) && argv.includes('--json')) out(`${JSON.stringify(errorSummary(error))}\n`);
    return reportError(error);
  }
}

/**
 * The error boundary: a SeqpipeError is one coded line; anything else is a bug in seqpipe, shown
 * as one line plus how to report it. SEQPIPE_DEBUG=1 adds the stack (of the cause, if any).
 */
export function reportError(error: unknown): 1 | 2 {
  if (isSeqpipeError(error)) {
    process.stderr.write(`${formatDiagnostic(error)}\n${debugStack(error)}`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
  process.stderr.write(
    `E_INTERNAL ${messages.E_INTERNAL(detail)}\n` +
      `this is a bug in seqpipe: rerun with SEQPIPE_DEBUG=1 to see the stack, and report it with that output (see README, "Reliability")\n` +
      debugStack(error),
  );
  return 1;
}
