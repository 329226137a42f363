import type { JsonObject, PluginRegistry, StageDefinition } from '@seqpipe/core';
import type { Command } from './command.js';
import { loadOptions, printDiagnostics, usage } from './shared.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';

/** `seqpipe plugins [FILE]`: the built-in stages, plus the stages FILE's `plugins:` loads. */
export const pluginsCommand: Command = async (app, args) => {
  const [file, ...extra] = args.positionals;
  if (extra.length) throw usage(`unexpected argument "${extra[0]}"`);
  let registry: PluginRegistry = app().registry;
  if (file) {
    const loaded = await app().load(file, loadOptions(args));
    const failed = loaded.diagnostics.filter((d) => d.code.startsWith('E_PLUGIN_') || d.code === 'E_YAML_SYNTAX' || d.code === 'E_FILE_NOT_FOUND');
    printDiagnostics(failed);
    if (failed.length) return 2;
    registry = loaded.registry;
  }
  const stages = registry.allStages();
  if (args.values.json) {
    // One object, like every --json output (it was a bare array).
    out(`${JSON.stringify({ stages: stages.map((s) => {
      const origin = registry.origin(s.uses);
      return {
        uses: s.uses, kind: s.uses.split('/')[0], description: s.description, inputs: s.inputs, output: s.output, version: s.version, params: s.params,
        ...(origin ? { plugin: { entry: origin.entry, file: origin.file, ...(origin.package ? { package: origin.package } : {}), ...(origin.sha256 ? { sha256: origin.sha256 } : {}) } } : {}),
      };
    }) })}\n`);
    return 0;
  }
  out(stages.map((s) => describe(s, registry)).join('\n'));
  return 0;
};

function describe(s: StageDefinition, registry: PluginRegistry): string {
  // A port is a kind, or { kind, optional, list } for an input a pipeline may leave out or bind to a list.
  const inputs = Object.entries(s.inputs).map(([port, k]) => (typeof k === 'string'
    ? `${port}: ${k}`
    : `${port}: ${k.list ? `[${k.kind}, …]` : k.kind}${k.optional ? ' (optional)' : ''}`)).join(', ');
  const props = (s.params.properties ?? {}) as Record<string, JsonObject>;
  const params = Object.entries(props).map(([name, schema]) => {
    const type = schema.enum ? (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join('|') : String(schema.type ?? 'any');
    const def = schema.default === undefined ? '' : ` = ${JSON.stringify(schema.default)}`;
    return `      ${name}: ${type}${def}${schema.description ? `  — ${String(schema.description)}` : ''}`;
  });
  const origin = registry.origin(s.uses);
  const from = origin ? `  [plugin ${origin.entry}${origin.package ? ` ${origin.package.name}@${origin.package.version}` : ''}]` : '';
  return [
    `${s.uses}  (${s.uses.split('/')[0]}, v${s.version})${s.random ? ' [seeded]' : ''}${from}`,
    `    ${s.description}`,
    `    inputs: ${inputs || '(none)'} → output: ${s.output}`,
    ...(params.length ? ['    with:', ...params] : []),
    '',
  ].join('\n');
}

/** What `seqpipe plugins` takes (main.ts parses with it; --help shows it). */
export const pluginsSpec: CommandSpec = {
  name: 'plugins', args: '[FILE]', options: flags('set', 'seed', 'json'),
  run: pluginsCommand,
};
