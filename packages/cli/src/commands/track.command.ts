/**
 * `seqpipe track RUN --track URL`: log a recorded run to MLflow later (the tracker was down, or
 * the run was made without --track); `--sweep SWEEP` logs every variant. A run already logged
 * completely is not logged twice; a logging cut short is replaced.
 */
import { readRun, resolveRun, resolveSweep, SeqpipeError, messages, readRunPipeline, type RunRecord } from '@seqpipe/core';
import { TrackingFailure } from '../tracking/mlflow-client.js';
import { trackerFor } from '../tracking/track-cli.js';
import type { TrackedRun } from '../tracking/tracker.js';
import type { Command } from './command.js';
import { usage } from './shared.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';

export const trackCommand: Command = async (app, args) => {
  const [ref, ...extra] = args.positionals;
  const { sweep, experiment } = args.values;
  if (sweep !== undefined && ref !== undefined) throw usage('"seqpipe track --sweep SWEEP" takes no RUN as well; give one or the other');
  if (sweep === undefined && (!ref || extra.length)) throw usage('"seqpipe track" needs one RUN (an id, a unique prefix, a name or "latest"), or --sweep SWEEP');
  if (experiment !== undefined && !experiment.trim()) throw usage('--experiment must not be empty');
  const stateDir = app().stateDir;
  const records: RunRecord[] = [];
  if (sweep !== undefined) {
    for (const v of (await resolveSweep(stateDir, sweep)).variants) {
      const r = await readRun(stateDir, v.runId);
      if (r) records.push(r);
    }
  } else records.push(await resolveRun(stateDir, ref!));
  // The server: --track, else the first run's recorded `tracking.uri`.
  const tracker = trackerFor(args.values.track, records[0] ? await readRunPipeline(stateDir, records[0].runId) : undefined);
  if (!tracker) throw usage('"seqpipe track" needs --track URL (the run\'s pipeline has no tracking.uri)');
  const logged: Record<string, TrackedRun> = {};
  for (const record of records) {
    try {
      const t = await tracker.track(stateDir, record, { replace: true, ...(experiment ? { experiment } : {}) });
      logged[record.runId] = t;
      process.stderr.write(`${t.already ? 'already logged' : 'logged'} ${record.runId} → ${t.url}\n`);
      if (!args.values.json) out(`${t.url}\n`);
    } catch (error) {
      if (!(error instanceof TrackingFailure)) throw error;
      throw new SeqpipeError('E_TRACKING_FAILED', messages.E_TRACKING_FAILED(record.runId, tracker.shown, error.message), { exitCode: 1 });
    }
  }
  if (args.values.json) out(`${JSON.stringify({ uri: tracker.shown, runs: logged })}\n`);
  return 0;
};

/** What `seqpipe track` takes (main.ts parses with it; --help shows it). */
export const trackSpec: CommandSpec = {
  name: 'track', args: 'RUN | --sweep SWEEP', options: flags('sweep', 'track', 'experiment', 'state-dir', 'json'), inArgs: ['sweep'],
  run: trackCommand,
};
