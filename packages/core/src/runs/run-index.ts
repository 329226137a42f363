/**
 * Finding runs: every run directory newest first (incomplete ones too), and one run by reference —
 * an id, a unique id prefix, a `--name` (newest with it) or `latest`. Used by `runs`, `show`,
 * `compare`, `report` and `status`; exported so other commands can take a RUN argument.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { messages } from '../errors/codes.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';
import { suggest } from '../errors/suggest.js';
import { statePaths } from '../store/content-store.js';
import { listRuns, readRun, type RunRecord } from './run-record.js';

export interface RunEntry {
  readonly runId: string;
  /** Absent when the run has no run.json (crashed, killed or still running). */
  readonly record?: RunRecord;
  /** The pipeline name: from the record, or from pipeline.json for an incomplete run. */
  readonly pipeline?: string;
  /** Its run.json exists but is not a record (E_RUN_CORRUPT): the run finished, its record was damaged. */
  readonly corrupt?: SeqpipeError;
}

/** Every run, newest first (run ids sort by start time). */
export async function listRunEntries(stateDir: string): Promise<RunEntry[]> {
  const ids = (await listRuns(stateDir)).reverse();
  return Promise.all(ids.map(async (runId): Promise<RunEntry> => {
    let corrupt: SeqpipeError | undefined;
    const record = await readRun(stateDir, runId).catch((error: unknown) => {
      if (error instanceof SeqpipeError && error.code === 'E_RUN_CORRUPT') corrupt = error;
      return undefined;
    });
    if (record) return { runId, record, pipeline: record.pipeline.name };
    const pipeline = await readFile(join(statePaths(stateDir).runs, runId, 'pipeline.json'), 'utf8')
      .then((t) => (JSON.parse(t) as { name?: unknown }).name)
      .catch(() => undefined);
    return { runId, ...(typeof pipeline === 'string' ? { pipeline } : {}), ...(corrupt ? { corrupt } : {}) };
  }));
}

/** Complete run records, newest first. */
export async function listRunRecords(stateDir: string): Promise<RunRecord[]> {
  return (await listRunEntries(stateDir)).flatMap((e) => (e.record ? [e.record] : []));
}

/**
 * The run `ref` names: an exact id, a name (the newest run with it), a unique id prefix, or
 * `latest`. One rule for every command (show, report, compare, predict): `latest` is the newest
 * recorded run (it has a run.json) by start time — run ids sort by it to the millisecond —
 * whatever its status; a command that needs a successful run says why this one will not do.
 * Runs still going or killed before writing run.json are not recorded, so never `latest`.
 * Throws E_RUN_NOT_FOUND / E_RUN_AMBIGUOUS / E_RUN_INCOMPLETE / E_RUN_CORRUPT (exit 2).
 */
export async function resolveRun(stateDir: string, ref: string): Promise<RunRecord> {
  const entries = await listRunEntries(stateDir);
  const notFound = (): never =>
    fail('E_RUN_NOT_FOUND', messages.E_RUN_NOT_FOUND(ref, stateDir, suggest(ref, entries.map((e) => e.runId))));
  const fail = (code: 'E_RUN_NOT_FOUND' | 'E_RUN_AMBIGUOUS' | 'E_RUN_INCOMPLETE', message: string): never => {
    throw new SeqpipeError(code, message, { exitCode: 2 });
  };
  const complete = (e: RunEntry): RunRecord => {
    if (e.corrupt) throw e.corrupt;
    return e.record ?? fail('E_RUN_INCOMPLETE', messages.E_RUN_INCOMPLETE(e.runId));
  };
  if (ref === 'latest') {
    const newest = entries.find((e) => e.record || e.corrupt);
    return newest ? complete(newest) : notFound();
  }
  const exact = entries.find((e) => e.runId === ref);
  if (exact) return complete(exact);
  const named = entries.find((e) => e.record?.name === ref);
  if (named) return complete(named);
  const prefixed = entries.filter((e) => e.runId.startsWith(ref));
  if (prefixed.length > 1) fail('E_RUN_AMBIGUOUS', messages.E_RUN_AMBIGUOUS(ref, prefixed.map((e) => e.runId)));
  if (prefixed.length === 1) return complete(prefixed[0]!);
  return notFound();
}
