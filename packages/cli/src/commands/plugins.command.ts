import type { JsonObject, StageDefinition } from '@seqpipe/core';
import type { Command } from './command.js';

export const pluginsCommand: Command = async (app, args) => {
  const stages = app().registry.allStages();
  if (args.values.json) {
    process.stdout.write(`${JSON.stringify(stages.map((s) => ({ uses: s.uses, kind: s.uses.split('/')[0], description: s.description, inputs: s.inputs, output: s.output, version: s.version, params: s.params })))}\n`);
    return 0;
  }
  process.stdout.write(stages.map(describe).join('\n'));
  return 0;
};

function describe(s: StageDefinition): string {
  const inputs = Object.entries(s.inputs).map(([port, kind]) => `${port}: ${kind}`).join(', ');
  const props = (s.params.properties ?? {}) as Record<string, JsonObject>;
  const params = Object.entries(props).map(([name, schema]) => {
    const type = schema.enum ? (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join('|') : String(schema.type ?? 'any');
    const def = schema.default === undefined ? '' : ` = ${JSON.stringify(schema.default)}`;
    return `      ${name}: ${type}${def}${schema.description ? `  — ${String(schema.description)}` : ''}`;
  });
  return [
    `${s.uses}  (${s.uses.split('/')[0]}, v${s.version})${s.random ? ' [seeded]' : ''}`,
    `    ${s.description}`,
    `    inputs: ${inputs || '(none)'} → output: ${s.output}`,
    ...(params.length ? ['    with:', ...params] : []),
    '',
  ].join('\n');
}
