import type { ResolvedPipeline } from '@seqpipe/core';
import type { Command } from './command.js';
import { loadOptions, pipelineFile, printDiagnostics, usage } from './shared.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';

export const graphCommand: Command = async (app, args) => {
  const file = pipelineFile(args, 'graph');
  const format = args.values.format ?? 'text';
  if (format !== 'text' && format !== 'mermaid') throw usage(`--format must be "text" or "mermaid" (got "${format}")`);
  const { pipeline, diagnostics } = await app().load(file, loadOptions(args));
  printDiagnostics(diagnostics);
  if (!pipeline) return 2;
  out(format === 'mermaid' ? mermaid(pipeline) : text(pipeline));
  return 0;
};

/** One line per stage in execution order, with its wave and what it reads. */
export function text(p: ResolvedPipeline): string {
  const wave = new Map(p.waves.flatMap((w, i) => w.map((id) => [id, i + 1] as const)));
  const width = Math.max(...p.stages.map((s) => s.id.length));
  const lines = p.stages.map((s) => {
    const from = Object.entries(s.inputs).map(([port, ref]) => (port === ref ? ref : `${port}=${ref}`));
    return `${String(wave.get(s.id)).padStart(2)}  ${s.id.padEnd(width)}  ${s.uses.padEnd(22)} → ${s.definition.output.padEnd(11)}${from.length ? ` ⟵ ${from.join(', ')}` : ''}`;
  });
  return `${p.name}: ${p.stages.length} stages in ${p.waves.length} waves (wave, stage, plugin → output ⟵ inputs)\n${lines.join('\n')}\n`;
}

export function mermaid(p: ResolvedPipeline): string {
  // Fold clones are named `train@fold2`; '@' is not allowed in a mermaid node id.
  const node = (id: string): string => id.replace('@', '__');
  const lines = ['flowchart LR'];
  for (const s of p.stages) lines.push(`  ${node(s.id)}["${s.id}<br/><small>${s.uses}</small>"]`);
  for (const s of p.stages) {
    // A list port's item (`members[0]`) is quoted: Mermaid reads brackets in a bare label as a shape.
    for (const [port, ref] of Object.entries(s.inputs)) lines.push(`  ${node(ref)} -->|${/[[\]]/.test(port) ? `"${port}"` : port}| ${node(s.id)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** What `seqpipe graph` takes (main.ts parses with it; --help shows it). */
export const graphSpec: CommandSpec = {
  name: 'graph', args: 'FILE', options: flags('format', 'set', 'seed'),
  run: graphCommand,
};
