/** `seqpipe report RUN`: (re)writes runs/<id>/report.html and its SVG charts. */
import { resolveRun } from '@seqpipe/core';
import type { Command } from './command.js';
import { usage } from './shared.js';

export const reportCommand: Command = async (app, args) => {
  const [ref, ...extra] = args.positionals;
  if (!ref || extra.length) throw usage('"seqpipe report" needs one RUN (an id, a unique prefix, a name or "latest")');
  const stateDir = app().stateDir;
  const record = await resolveRun(stateDir, ref);
  const { writeRunReport } = await import('@seqpipe/report');
  const report = await writeRunReport(stateDir, record);
  if (args.values.json) process.stdout.write(`${JSON.stringify({ runId: record.runId, report })}\n`);
  else process.stdout.write(`${report}\n`);
  return 0;
};
