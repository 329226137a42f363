/**
 * Finding sweeps: every sweep record (`sweeps/<sweepId>.json`) newest first, and one sweep by
 * reference — an id, a `--name` (the newest sweep with it), a unique id prefix or `latest` (the
 * newest sweep record by start time, whatever its status) — the way runs are found
 * (runs/run-index.ts); sweep ids are made like run ids (newRunId). Used by `seqpipe report --sweep`.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { messages } from '../errors/codes.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';
import { suggest } from '../errors/suggest.js';
import type { SweepRecord } from './run-sweep.js';

export const sweepsDir = (stateDir: string): string => join(stateDir, 'sweeps');

/** Every readable sweep record, newest first (sweep ids sort by start time). */
export async function listSweepRecords(stateDir: string): Promise<SweepRecord[]> {
  const names = await readdir(sweepsDir(stateDir)).catch(() => [] as string[]);
  const ids = names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)).sort().reverse();
  const records = await Promise.all(ids.map((id) => readFile(join(sweepsDir(stateDir), `${id}.json`), 'utf8')
    .then((t) => JSON.parse(t) as SweepRecord)
    .catch(() => undefined)));
  return records.filter((r): r is SweepRecord => r !== undefined);
}

/** The sweep `ref` names. Throws E_SWEEP_NOT_FOUND / E_SWEEP_AMBIGUOUS (exit 2). */
export async function resolveSweep(stateDir: string, ref: string): Promise<SweepRecord> {
  const sweeps = await listSweepRecords(stateDir);
  const found = ref === 'latest' ? sweeps[0] : (sweeps.find((s) => s.sweepId === ref) ?? sweeps.find((s) => s.name === ref));
  if (found) return found;
  const prefixed = ref === 'latest' ? [] : sweeps.filter((s) => s.sweepId.startsWith(ref));
  if (prefixed.length === 1) return prefixed[0]!;
  if (prefixed.length > 1) throw new SeqpipeError('E_SWEEP_AMBIGUOUS', messages.E_SWEEP_AMBIGUOUS(ref, prefixed.map((s) => s.sweepId)), { exitCode: 2 });
  throw new SeqpipeError('E_SWEEP_NOT_FOUND', messages.E_SWEEP_NOT_FOUND(ref, stateDir, suggest(ref, sweeps.map((s) => s.sweepId))), { exitCode: 2 });
}
