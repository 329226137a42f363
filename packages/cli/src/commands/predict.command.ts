import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { forecastCsv, forecastJson, messages, pointDates, SeqpipeError, statePaths, type Forecast } from '@seqpipe/core';
import { intervalColumnsNote, predictLine } from '../predict/forecast-text.js';
import { forecastNewSeries } from '../predict/new-series.js';
import { openRun, replayForecast } from '../predict/saved-run.js';
import type { Command } from './command.js';
import { usage } from './shared.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';

/**
 * `seqpipe predict --run RUN [--input FILE.csv] [--steps N] [--series ID] [--out FILE.csv] [--json]`:
 * a finished run's forecast from its stored model and data (every series of a panel, into a CSV,
 * or the one --series names), or past the end of a new CSV with its fitted transforms (no
 * pipeline file, no training).
 */
export const predictCommand: Command = async (app, args) => {
  if (args.positionals.length) throw usage(`unexpected argument "${args.positionals[0]}"; name the run with --run RUN`);
  const ref = args.values.run;
  if (!ref) throw usage('"seqpipe predict" needs --run RUN (a run id, a unique prefix of one, or "latest")');
  const steps = args.values.steps === undefined ? undefined : Number(args.values.steps);
  if (steps !== undefined && !(Number.isInteger(steps) && steps >= 1)) throw usage(`--steps must be a positive integer (got "${args.values.steps}")`);
  const { input, series, out: outFile } = args.values;
  if (series !== undefined && input !== undefined) throw usage('--series picks a series of the run\'s own data; --input forecasts the one series of a new file: give one of them');
  if (series === '') throw usage('--series needs a series id');
  const seqpipe = app();
  const run = await openRun(seqpipe.stateDir, ref, seqpipe.registry);
  const { stage, uses, forecast } = input
    ? await forecastNewSeries(run, seqpipe.registry, input, steps)
    : await replayForecast(run, seqpipe.registry, steps, series);
  const f = forecast as Forecast;
  // A panel's forecast goes to a CSV (100,000 series would not read on a terminal); --out asks for one for any forecast.
  const csv = outFile !== undefined ? resolve(outFile) : f.panel ? join(statePaths(seqpipe.stateDir).runs, run.record.runId, 'predict', `${stage}.csv`) : undefined;
  if (csv) await writeCsv(csv, forecastCsv(f));
  if (args.values.json) {
    out(`${JSON.stringify({ runId: run.record.runId, pipeline: run.record.pipeline.name, stage, uses, ...forecastJson(f, csv ?? ''), ...(csv ? { csv } : {}) })}\n`);
    return 0;
  }
  const of = f.series === undefined || f.panel ? '' : ` · series ${f.series}`;
  out(`run ${run.record.runId} (${run.record.pipeline.name}) · ${stage} (${uses}) · column ${f.column}${of}${input ? ` · after ${input}` : ''}\n`);
  if (f.panel) {
    const { ids, steps: n, padded } = f.panel;
    out(`  ${ids.length} series × ${n} step${n === 1 ? '' : 's'}${padded ? ` (${padded} padded: shorter than the lookback)` : ''}${intervalColumnsNote(f.panel.intervals?.levels)} → ${csv}\n`);
    return 0;
  }
  const dates = pointDates(f.points, f.timeStep);
  f.points.forEach((p, i) => out(`${predictLine(p, dates[i])}\n`));
  if (csv) out(`  → ${csv}\n`);
  return 0;
};

/** Writes the CSV, creating its folder; a path that cannot be written is a usage error naming it. */
async function writeCsv(file: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  } catch (error) {
    throw new SeqpipeError('E_WRITE_FAILED', messages.E_WRITE_FAILED(file, (error as Error).message), { exitCode: 2 });
  }
}

/** What `seqpipe predict` takes (main.ts parses with it; --help shows it). */
export const predictSpec: CommandSpec = {
  name: 'predict', options: flags('run', 'input', 'steps', 'series', 'out', 'state-dir', 'json'), required: ['run'],
  run: predictCommand,
};
