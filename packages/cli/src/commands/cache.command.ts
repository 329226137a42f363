/** `seqpipe cache ls | verify | gc | clear`: sizes, integrity, and collecting what no run needs. */
import { clearCache, gcCache, listCache, messages, verifyCache } from '@seqpipe/core';
import type { GcResult } from '@seqpipe/core';
import type { Command } from './command.js';
import { columns } from './runs.command.js';
import { usage } from './shared.js';
import { out } from '../output.js';
import { flags, type CommandSpec } from './options.js';

export const size = (bytes: number): string =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

const json = (value: unknown): void => out(`${JSON.stringify(value)}\n`);

export const cacheCommand: Command = async (app, args) => {
  const [action, ...extra] = args.positionals;
  if (extra.length) throw usage(`unexpected argument "${extra[0]}"`);
  // One command, four actions: only gc is told what to keep.
  const gcOnly = (['all', 'keep-days', 'dry-run'] as const).filter((f) => args.values[f] !== undefined);
  if (gcOnly.length && ['ls', 'verify', 'clear'].includes(action ?? '')) throw usage(`--${gcOnly[0]} is an option of "seqpipe cache gc", not of "cache ${action}"`);
  const stateDir = app().stateDir;
  const keepDays = args.values['keep-days'];
  if (keepDays !== undefined && !/^\d+(\.\d+)?$/.test(keepDays)) throw usage(`--keep-days must be a non-negative number (got "${keepDays}")`);
  switch (action) {
    case 'ls': {
      const l = await listCache(stateDir);
      const objects = [...l.objects].sort((a, b) => b.bytes - a.bytes);
      if (args.values.json) {
        json({
          stateDir, objects: objects.map(({ path: _p, mtimeMs: _m, ...o }) => o), keys: l.keys.length, bytes: l.bytes, referencedBytes: l.referencedBytes, runs: l.runs,
          checkpoints: l.checkpoints.map(({ path: _p, mtimeMs: _m, ...c }) => c),
        });
        return 0;
      }
      out(columns(['object', 'kind', 'stages', 'size', 'runs'], objects.map((o) => [o.digest.slice(0, 12), o.kind ?? '?', o.stages.join(',') || '?', size(o.bytes), String(o.runs)])));
      out(`${l.objects.length} objects, ${size(l.bytes)} (${size(l.referencedBytes)} referenced by ${l.runs} runs), ${l.keys.length} keys · ${stateDir}\n`);
      for (const c of l.checkpoints) {
        out(`checkpoint ${c.stage ?? '?'} at epoch ${c.epoch ?? '?'}/${c.epochs ?? '?'} (${c.uses ?? '?'}, key ${c.key.slice(0, 12)}): no run references it; the same run resumes from it, "cache gc" removes it\n`);
      }
      return 0;
    }
    case 'verify': {
      const v = await verifyCache(stateDir);
      for (const c of v.corrupt) process.stderr.write(`E_OBJECT_CORRUPT ${messages.E_OBJECT_CORRUPT(c.digest, c.path)}\n`);
      if (args.values.json) json({ status: v.corrupt.length ? 'corrupt' : 'ok', checked: v.checked, bytes: v.bytes, corrupt: v.corrupt });
      else out(`${v.checked} objects (${size(v.bytes)}) checked, ${v.corrupt.length} corrupt\n`);
      return v.corrupt.length ? 1 : 0;
    }
    case 'gc':
    case 'clear': {
      const r = action === 'gc'
        ? await gcCache(stateDir, { all: args.values.all, ...(keepDays !== undefined ? { keepDays: Number(keepDays) } : {}), dryRun: args.values['dry-run'] })
        : await clearCache(stateDir);
      if (args.values.json) json({ action, dryRun: !!args.values['dry-run'], ...r });
      else out(gcLine(action, r, !!args.values['dry-run']));
      return 0;
    }
    default:
      throw usage(`"seqpipe cache" needs one of: ls, verify, gc, clear${action ? ` (got "${action}")` : ''}`);
  }
};

function gcLine(action: string, r: GcResult, dryRun: boolean): string {
  const live = r.liveSince !== undefined ? `; kept what runs live since ${new Date(r.liveSince).toISOString()} may be writing` : '';
  return `${action}${dryRun ? ' (dry run)' : ''}: ${dryRun ? 'would remove' : 'removed'} ${r.removedObjects} objects (${size(r.freedBytes)}) and ${r.removedKeys} keys${r.removedCheckpoints ? ` and ${r.removedCheckpoints} checkpoints` : ''}${r.removedTmp ? ` and ${r.removedTmp} leftover temp files` : ''}; kept ${r.keptObjects} objects (${size(r.keptBytes)})${live}\n`;
}

/** What `seqpipe cache` takes (main.ts parses with it; --help shows it). */
export const cacheSpec: CommandSpec = {
  name: 'cache', args: 'ls|verify|gc|clear', options: flags('all', 'keep-days', 'dry-run', 'state-dir', 'json'),
  run: cacheCommand,
};
