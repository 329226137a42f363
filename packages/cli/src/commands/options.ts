/**
 * Each command declares the options it takes (its CommandSpec); its arguments are parsed with
 * those alone, so a flag it does not take is a usage error instead of being silently ignored, and
 * `seqpipe --help` / `seqpipe COMMAND --help` are generated from the same declarations.
 */
import { parseArgs } from 'node:util';
import { suggest } from '@seqpipe/core';
import type { Command, CommandArgs } from './command.js';
import { usage } from './shared.js';

export type FlagName = keyof CommandArgs['values'];

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  /** The value as the usage line shows it, e.g. `N` or `STAGE.PARAM=VALUE`. */
  readonly value?: string;
}

export interface CommandSpec {
  readonly name: string;
  /** Positional arguments as the usage line shows them, e.g. `FILE`, `[FILE]`, `RUN RUN...`. */
  readonly args?: string;
  /** In usage-line order. */
  readonly options: Readonly<Partial<Record<FlagName, OptionSpec>>>;
  /** Options the usage line shows without brackets (the command needs them). */
  readonly required?: readonly FlagName[];
  /** Options shown as one bracket of alternatives, `[--jobs N | --queue URL]`, where the first stands. */
  readonly either?: readonly (readonly FlagName[])[];
  /** Options the `args` text already shows. */
  readonly inArgs?: readonly FlagName[];
  /** Appended to the usage line, e.g. where to read more. */
  readonly note?: string;
  readonly run: Command;
}

/** Every flag's type and how usage lines show its value. */
export const FLAGS: Readonly<Record<FlagName, OptionSpec>> = {
  set: { type: 'string', multiple: true, value: 'STAGE.PARAM=VALUE' },
  seed: { type: 'string', value: 'N' },
  'no-cache': { type: 'boolean' },
  'state-dir': { type: 'string', value: 'DIR' },
  json: { type: 'boolean' },
  format: { type: 'string', value: 'text|mermaid' },
  write: { type: 'string', value: 'FILE' },
  check: { type: 'string', value: 'FILE' },
  grid: { type: 'string', multiple: true, value: 'STAGE.PARAM=V1,V2,...' },
  metric: { type: 'string', multiple: true, value: 'EVALUATOR.METRIC' },
  seeds: { type: 'string', value: '1..5|1,3,7' },
  jobs: { type: 'string', value: 'N' },
  sweep: { type: 'string', value: 'SWEEP' },
  name: { type: 'string', value: 'NAME' },
  run: { type: 'string', value: 'RUN|latest' },
  input: { type: 'string', value: 'FILE.csv' },
  steps: { type: 'string', value: 'N' },
  series: { type: 'string', value: 'ID' },
  out: { type: 'string', value: 'FILE.csv' },
  tag: { type: 'string', multiple: true, value: 'T' },
  pipeline: { type: 'string', value: 'NAME' },
  all: { type: 'boolean' },
  'keep-days': { type: 'string', value: 'N' },
  'dry-run': { type: 'boolean' },
  report: { type: 'string', value: 'FILE' },
  'max-seconds': { type: 'string', value: 'N' },
  'max-memory': { type: 'string', value: 'MB' },
  queue: { type: 'string', value: 'redis://HOST:PORT' },
  concurrency: { type: 'string', value: 'N' },
  yes: { type: 'boolean' },
  force: { type: 'boolean' },
  track: { type: 'string', value: 'URL' },
  experiment: { type: 'string', value: 'NAME' },
};

/** The named flags, as declared in FLAGS, in this order. */
export function flags(...names: readonly FlagName[]): Partial<Record<FlagName, OptionSpec>> {
  return Object.fromEntries(names.map((n) => [n, FLAGS[n]]));
}

const list = (spec: CommandSpec): string => Object.keys(spec.options).map((n) => `--${n}`).join(', ') || '(none)';

/**
 * Parses `argv` with the command's own options. `--help` is answered by the caller (`help`).
 * Throws E_USAGE (exit 2) naming the command's options for a flag it does not take.
 */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[], all: readonly CommandSpec[]): CommandArgs & { help?: boolean } {
  const options = { ...spec.options, help: { type: 'boolean', short: 'h' } } as const;
  // A lenient pass finds every flag as written, so the error names it and the command's options.
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option' || t.name in options) continue;
    const takers = all.filter((c) => t.name in c.options).map((c) => c.name);
    const other = takers.length ? ` (an option of seqpipe ${takers.join(', ')})` : '';
    const near = other ? undefined : suggest(t.name, Object.keys(spec.options));
    throw usage(`"seqpipe ${spec.name}" does not take ${t.rawName}${other}${near ? ` (did you mean --${near}?)` : ''}; its options: ${list(spec)} (see "seqpipe ${spec.name} --help")`);
  }
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values as CommandArgs['values'], positionals, ...(values.help ? { help: true } : {}) };
  } catch (error) {
    throw usage(`${(error as Error).message.split('. ')[0]}; see "seqpipe ${spec.name} --help"`);
  }
}

/** The command's usage line(s), wrapped at `width` and indented under the first argument. */
export function usageLine(spec: CommandSpec, width = 120): string {
  const shown = (name: FlagName): string => {
    const o = spec.options[name]!;
    return `--${name}${o.value ? ` ${o.value}` : ''}`;
  };
  const parts: string[] = spec.args ? [spec.args] : [];
  const grouped = new Set((spec.either ?? []).flatMap((g) => g.slice(1)));
  for (const name of Object.keys(spec.options) as FlagName[]) {
    if (grouped.has(name) || spec.inArgs?.includes(name)) continue;
    const group = spec.either?.find((g) => g[0] === name);
    if (group) parts.push(`[${group.map(shown).join(' | ')}]`);
    else if (spec.required?.includes(name)) parts.push(shown(name));
    else parts.push(`[${shown(name)}]${spec.options[name]!.multiple ? '...' : ''}`);
  }
  if (spec.note) parts.push(` ${spec.note}`);
  const head = `  seqpipe ${spec.name} `;
  const lines: string[] = [];
  let line = head;
  for (const part of parts) {
    if (line.length > head.length && line.length + part.length > width) {
      lines.push(line.trimEnd());
      line = ' '.repeat(head.length);
    }
    line += `${part} `;
  }
  lines.push(line.trimEnd());
  return `${lines.join('\n')}\n`;
}
