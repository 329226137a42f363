/** `seqpipe status FILE`: which stages would be cache hits, and why the others would re-run. Runs nothing. */
import { describeChange } from '@seqpipe/core';
import { invalidSummary } from '../reporters/json.reporter.js';
import type { Command } from './command.js';
import { loadOptions, pipelineFile, printDiagnostics } from './shared.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';

export const statusCommand: Command = async (app, args) => {
  const file = pipelineFile(args, 'status');
  const seqpipe = app();
  const loaded = await seqpipe.load(file, loadOptions(args));
  printDiagnostics(loaded.diagnostics);
  if (!loaded.pipeline) {
    if (args.values.json) out(`${JSON.stringify(invalidSummary(file, loaded.diagnostics))}\n`);
    return 2;
  }
  const stages = await seqpipe.status(loaded.pipeline);
  const hits = stages.filter((s) => s.hit).length;
  if (args.values.json) {
    out(`${JSON.stringify({
      pipeline: loaded.pipeline.name, hits, misses: stages.length - hits,
      stages: stages.map((s) => ({ ...s, reasons: s.changes.map(describeChange) })),
      tensorflowLoaded: seqpipe.env.tensorCount() !== undefined,
    })}\n`);
    return 0;
  }
  const width = Math.max(...stages.map((s) => s.id.length));
  const lines = stages.map((s) => {
    const head = `  ${s.hit ? '✓' : '▶'} ${s.id.padEnd(width)}  ${s.uses.padEnd(22)} ${s.hit ? 'cached' : 'would run'}`;
    const since = s.comparedWith ? ` (since run ${s.comparedWith})` : '';
    return [head, ...s.changes.map((c, i) => `      ${describeChange(c)}${i === 0 ? since : ''}`)].join('\n');
  });
  out(`${loaded.pipeline.name}: ${hits} of ${stages.length} stages cached, ${stages.length - hits} would run\n${lines.join('\n')}\n`);
  return 0;
};

/** What `seqpipe status` takes (main.ts parses with it; --help shows it). */
export const statusSpec: CommandSpec = {
  name: 'status', args: 'FILE', options: flags('set', 'seed', 'state-dir', 'json'),
  run: statusCommand,
};
