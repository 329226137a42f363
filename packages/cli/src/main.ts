/** `seqpipe <command>`: argument parsing, dispatch, and the exit-code contract (0 ok, 1 run failed, 2 invalid). */
import { parseArgs } from 'node:util';
import { formatDiagnostic, isSeqpipeError, messages } from '@seqpipe/core';
import type { Command, CommandArgs } from './commands/command.js';
import { graphCommand } from './commands/graph.command.js';
import { pluginsCommand } from './commands/plugins.command.js';
import { predictCommand } from './commands/predict.command.js';
import { runCommand } from './commands/run.command.js';
import { schemaCommand } from './commands/schema.command.js';
import { sweepCommand } from './commands/sweep.command.js';
import { validateCommand } from './commands/validate.command.js';
import { cacheCommand } from './commands/cache.command.js';
import { compareCommand, runsCommand, showCommand } from './commands/runs.command.js';
import { reportCommand } from './commands/report.command.js';
import { statusCommand } from './commands/status.command.js';
import { workerCommand } from './commands/worker.command.js';
import { errorSummary } from './reporters/json.reporter.js';
import { debugStack, usage } from './commands/shared.js';
import { Seqpipe } from './seqpipe.js';

import { divertStrayStdout, out } from './output.js';

export { exitWhenFlushed, ignoreClosedReaders } from './output.js';

const COMMANDS: Record<string, Command> = {
  run: runCommand,
  validate: validateCommand,
  graph: graphCommand,
  plugins: pluginsCommand,
  predict: predictCommand,
  schema: schemaCommand,
  sweep: sweepCommand,
  runs: runsCommand,
  show: showCommand,
  compare: compareCommand,
  status: statusCommand,
  report: reportCommand,
  cache: cacheCommand,
  worker: workerCommand,
};

export const HELP = `seqpipe — declarative, reproducible sequence-model experiments

usage:
  seqpipe run FILE [--set STAGE.PARAM=VALUE]... [--seed N] [--name NAME] [--tag T]... [--no-cache] [--state-dir DIR] [--json]
              [--max-seconds N] [--max-memory MB] [--queue redis://HOST:PORT]
  seqpipe sweep FILE [--grid STAGE.PARAM=V1,V2,...]... [--seeds 1..5 | --seeds 1,3,7] [--jobs N | --queue redis://HOST:PORT]
                [--name NAME] [--set ...] [--no-cache] [--state-dir DIR] [--json] [--max-seconds N] [--max-memory MB]
  seqpipe validate FILE [--set ...] [--seed N] [--json]
  seqpipe graph FILE [--format text|mermaid]
  seqpipe plugins [FILE] [--json]
  seqpipe predict --run RUN|latest [--input FILE.csv] [--steps N] [--state-dir DIR] [--json]
  seqpipe schema [--write FILE | --check FILE]
  seqpipe runs [--pipeline NAME] [--tag T] [--json]
  seqpipe show RUN [--json]
  seqpipe compare RUN RUN... [--report FILE] [--json]
  seqpipe status FILE [--set ...] [--seed N] [--json]
  seqpipe report RUN [--json]
  seqpipe report --sweep SWEEP [--json]
  seqpipe cache ls|verify|gc|clear [--all] [--keep-days N] [--dry-run] [--json]
  seqpipe worker --queue redis://[:PASSWORD@]HOST:PORT [--concurrency N] [--state-dir DIR]   (see docs/cluster.md)

RUN is a run id, a unique id prefix, a run name (the newest run with it) or "latest"; SWEEP likewise for sweeps.

exit codes: 0 success, 1 failure while running, 2 invalid pipeline or usage
SEQPIPE_DEBUG=1 prints the stack behind an error (for bug reports)
`;

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      out(HELP);
      return name ? 0 : 2;
    }
    const command = COMMANDS[name];
    if (!command) throw usage(`unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}`);
    const args = parse(rest);
    let app: Seqpipe | undefined;
    const restore = divertStrayStdout();
    try {
      return await command(() => (app ??= new Seqpipe({ stateDir: args.values['state-dir'] })), args);
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

function parse(argv: readonly string[]): CommandArgs {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        set: { type: 'string', multiple: true },
        seed: { type: 'string' },
        'no-cache': { type: 'boolean' },
        'state-dir': { type: 'string' },
        json: { type: 'boolean' },
        format: { type: 'string' },
        write: { type: 'string' },
        check: { type: 'string' },
        run: { type: 'string' },
        input: { type: 'string' },
        steps: { type: 'string' },
        name: { type: 'string' },
        tag: { type: 'string', multiple: true },
        pipeline: { type: 'string' },
        all: { type: 'boolean' },
        'keep-days': { type: 'string' },
        'dry-run': { type: 'boolean' },
        report: { type: 'string' },
        'max-seconds': { type: 'string' },
        'max-memory': { type: 'string' },
        grid: { type: 'string', multiple: true },
        seeds: { type: 'string' },
        jobs: { type: 'string' },
        sweep: { type: 'string' },
        queue: { type: 'string' },
        concurrency: { type: 'string' },
      },
    });
  } catch (error) {
    throw usage(`${(error as Error).message}; see "seqpipe --help"`);
  }
}
