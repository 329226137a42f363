/**
 * `seqpipe init DATA`: a commented pipeline that runs at once, from a CSV or Parquet file. The
 * reading and the rules are in ../init/; this is the flags, the output file and the prompts.
 */
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { messages, SeqpipeError } from '@seqpipe/core';
import { promptChooser, ruleChooser } from '../init/choose.js';
import { inspectData } from '../init/detect.js';
import { renderPipeline } from '../init/render.js';
import { out } from '../output.js';
import type { Command } from './command.js';
import { FLAGS, flags, type CommandSpec } from './options.js';
import { usage } from './shared.js';

/** The pipeline's name and file stem: the data file's name, lower case, [a-z0-9_-] only. */
export function dataName(file: string): string {
  const stem = basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return stem || 'data';
}

/** `pipelines/NAME.yaml` when the working directory has a pipelines/ folder, else `NAME.yaml`. */
export function defaultOut(name: string): string {
  const dir = existsSync('pipelines') && statSync('pipelines').isDirectory() ? 'pipelines' : '.';
  return join(dir, `${name}.yaml`);
}

export const initCommand: Command = async (_app, args) => {
  const [data, ...extra] = args.positionals;
  if (!data) throw usage('"seqpipe init" needs a data file, e.g. seqpipe init data/sp500.csv');
  if (extra.length) throw usage(`unexpected argument "${extra[0]}"`);
  const name = dataName(data);
  const target = args.values.out ?? defaultOut(name);
  const outFile = resolve(target);
  if (!args.values.force && existsSync(outFile)) throw new SeqpipeError('E_INIT_EXISTS', messages.E_INIT_EXISTS(target), { file: target, exitCode: 2 });

  const interactive = !args.values.yes && process.stdin.isTTY === true;
  const chooser = interactive ? promptChooser(process.stdin, process.stderr) : ruleChooser();
  let text: string;
  try {
    const found = await inspectData(resolve(data), data, chooser);
    // As the bundled pipelines do: the data path relative to the pipeline file's folder.
    const path = relative(dirname(outFile), resolve(data)).split(sep).join('/');
    text = renderPipeline({ ...found, path, shown: data.split(sep).join('/'), name, choices: chooser.notes }, found.plan);
    const p = found.plan;
    await writeFile(outFile, text, { flag: args.values.force ? 'w' : 'wx' }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'EEXIST') throw new SeqpipeError('E_INIT_EXISTS', messages.E_INIT_EXISTS(target), { file: target, exitCode: 2 });
      throw new SeqpipeError('E_WRITE_FAILED', messages.E_WRITE_FAILED(target, e.code ?? e.message), { exitCode: 2 });
    });
    const split = p.split.kind === 'holdout' ? `holdout of ${p.split.test}` : `backtest of ${p.split.folds} folds × ${p.split.test}`;
    out(`wrote ${target}: ${found.series ? `series by "${found.series}", ` : ''}forecasting "${found.target}", season ${p.season}, horizon ${p.horizon}, ${split}\n`);
    for (const note of chooser.notes) out(`  ${note}\n`);
    out(`next: seqpipe run ${target}\n`);
  } finally {
    chooser.close();
  }
  return 0;
};

export const initSpec: CommandSpec = {
  name: 'init', args: 'DATA',
  options: { out: { ...FLAGS.out, value: 'FILE.yaml' }, ...flags('yes', 'force') },
  note: '(a pipeline from a CSV or Parquet file)',
  run: initCommand,
};
