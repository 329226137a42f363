import { toJsonValue, type Forecast } from '@seqpipe/core';
import { forecastNewSeries } from '../predict/new-series.js';
import { openRun, replayForecast } from '../predict/saved-run.js';
import type { Command } from './command.js';
import { usage } from './shared.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';

/**
 * `seqpipe predict --run RUN [--input FILE.csv] [--steps N] [--json]`: a finished run's forecast
 * from its stored model and data, or past the end of a new CSV with its fitted transforms (no
 * pipeline file, no training).
 */
export const predictCommand: Command = async (app, args) => {
  if (args.positionals.length) throw usage(`unexpected argument "${args.positionals[0]}"; name the run with --run RUN`);
  const ref = args.values.run;
  if (!ref) throw usage('"seqpipe predict" needs --run RUN (a run id, a unique prefix of one, or "latest")');
  const steps = args.values.steps === undefined ? undefined : Number(args.values.steps);
  if (steps !== undefined && !(Number.isInteger(steps) && steps >= 1)) throw usage(`--steps must be a positive integer (got "${args.values.steps}")`);
  const seqpipe = app();
  const run = await openRun(seqpipe.stateDir, ref, seqpipe.registry);
  const input = args.values.input;
  const { stage, uses, forecast } = input
    ? await forecastNewSeries(run, seqpipe.registry, input, steps)
    : await replayForecast(run, seqpipe.registry, steps);
  const { kind: _kind, ...body } = forecast as Forecast;
  if (args.values.json) {
    out(`${JSON.stringify({ runId: run.record.runId, pipeline: run.record.pipeline.name, stage, uses, ...(toJsonValue(body) as object) })}\n`);
    return 0;
  }
  out(`run ${run.record.runId} (${run.record.pipeline.name}) · ${stage} (${uses}) · column ${body.column}${input ? ` · after ${input}` : ''}\n`);
  for (const p of body.points) {
    const actual = p.actual === undefined ? '' : `  (actual ${fmt(p.actual)}, error ${fmt(p.value - p.actual)})`;
    const when = p.date ?? (p.time === undefined ? undefined : fmt(p.time));
    out(`  step ${p.step}  row ${p.index}${when === undefined ? '' : `  ${when}`}  → ${fmt(p.value)}${actual}\n`);
  }
  return 0;
};

const fmt = (n: number): string => (Math.abs(n) >= 1e-3 && Math.abs(n) < 1e6 ? n.toFixed(5) : n.toExponential(4));

/** What `seqpipe predict` takes (main.ts parses with it; --help shows it). */
export const predictSpec: CommandSpec = {
  name: 'predict', options: flags('run', 'input', 'steps', 'state-dir', 'json'), required: ['run'],
  run: predictCommand,
};
