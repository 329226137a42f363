import { readFile, writeFile } from 'node:fs/promises';
import { editorSchema } from '@seqpipe/core';
import type { Command } from './command.js';

/** Prints the editor schema, writes it (--write FILE), or fails if FILE is stale (--check FILE). */
export const schemaCommand: Command = async (app, args) => {
  const text = `${JSON.stringify(editorSchema(app().registry), null, 2)}\n`;
  if (args.values.write) {
    await writeFile(args.values.write, text);
    process.stderr.write(`wrote ${args.values.write}\n`);
  } else if (args.values.check) {
    const current = await readFile(args.values.check, 'utf8').catch(() => '');
    if (current !== text) {
      process.stderr.write(`${args.values.check} is stale; run: npm run schema\n`);
      return 1;
    }
  } else process.stdout.write(text);
  return 0;
};
