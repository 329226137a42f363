import { readFile, writeFile } from 'node:fs/promises';
import { editorSchema, messages, SeqpipeError } from '@seqpipe/core';
import type { Command } from './command.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';

/** Prints the editor schema, writes it (--write FILE), or fails if FILE is stale (--check FILE). */
export const schemaCommand: Command = async (app, args) => {
  const text = `${JSON.stringify(editorSchema(app().registry), null, 2)}\n`;
  if (args.values.write) {
    const file = args.values.write;
    await writeFile(file, text).catch((cause: NodeJS.ErrnoException) => {
      const detail = cause.code === 'ENOENT' ? 'its folder does not exist' : cause.code === 'EISDIR' ? 'it is a directory' : (cause.code ?? cause.message);
      throw new SeqpipeError('E_WRITE_FAILED', messages.E_WRITE_FAILED(file, detail), { file, cause, exitCode: 2 });
    });
    process.stderr.write(`wrote ${args.values.write}\n`);
  } else if (args.values.check) {
    const current = await readFile(args.values.check, 'utf8').catch(() => '');
    if (current !== text) {
      process.stderr.write(`${args.values.check} is stale; run: npm run schema\n`);
      return 1;
    }
  } else out(text);
  return 0;
};

/** What `seqpipe schema` takes (main.ts parses with it; --help shows it). */
export const schemaSpec: CommandSpec = {
  name: 'schema', options: flags('write', 'check'), either: [['write', 'check']],
  run: schemaCommand,
};
