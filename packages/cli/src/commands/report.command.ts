/** `seqpipe report RUN`: (re)writes runs/<id>/report.html; `--sweep SWEEP`: sweeps/<id>/report.html. */
import { resolveRun, resolveSweep } from '@seqpipe/core';
import type { Command } from './command.js';
import { usage } from './shared.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';

export const reportCommand: Command = async (app, args) => {
  const [ref, ...extra] = args.positionals;
  const sweep = args.values.sweep;
  if (sweep !== undefined) {
    // Run and sweep ids look alike, so a sweep is named by the flag, never guessed from the id.
    if (ref !== undefined) throw usage('"seqpipe report --sweep SWEEP" takes no RUN as well; give one or the other');
    const stateDir = app().stateDir;
    const record = await resolveSweep(stateDir, sweep);
    const { writeSweepReport } = await import('@seqpipe/report');
    const report = await writeSweepReport(stateDir, record);
    if (args.values.json) out(`${JSON.stringify({ sweepId: record.sweepId, report })}\n`);
    else out(`${report}\n`);
    return 0;
  }
  if (!ref || extra.length) throw usage('"seqpipe report" needs one RUN (an id, a unique prefix, a name or "latest"), or --sweep SWEEP');
  const stateDir = app().stateDir;
  const record = await resolveRun(stateDir, ref);
  const { writeRunReport } = await import('@seqpipe/report');
  const report = await writeRunReport(stateDir, record);
  if (args.values.json) out(`${JSON.stringify({ runId: record.runId, report })}\n`);
  else out(`${report}\n`);
  return 0;
};

/** What `seqpipe report` takes (main.ts parses with it; --help shows it). */
export const reportSpec: CommandSpec = {
  name: 'report', args: 'RUN | --sweep SWEEP', options: flags('sweep', 'state-dir', 'json'), inArgs: ['sweep'],
  run: reportCommand,
};
