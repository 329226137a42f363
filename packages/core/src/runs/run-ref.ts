/** A run named on the command line: an id, a unique prefix of one, or `latest`. */
import { messages } from '../errors/codes.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';
import { suggest } from '../errors/suggest.js';
import { listRuns, readRun, type RunRecord } from './run-record.js';

/**
 * Only finished runs (run.json written) count; `latest` is the newest successful one. Unknown and
 * ambiguous references are usage errors (exit 2).
 */
export async function resolveRunRef(stateDir: string, ref: string): Promise<RunRecord> {
  const finished: RunRecord[] = [];
  for (const id of await listRuns(stateDir)) {
    const record = await readRun(stateDir, id).catch(() => undefined);
    if (record) finished.push(record);
  }
  const notFound = (): SeqpipeError => new SeqpipeError('E_RUN_NOT_FOUND',
    messages.E_RUN_NOT_FOUND(ref, stateDir, suggest(ref, finished.map((r) => r.runId))), { exitCode: 2 });
  if (ref === 'latest') {
    const last = finished.filter((r) => r.status === 'success').at(-1);
    if (!last) throw notFound();
    return last;
  }
  const exact = finished.find((r) => r.runId === ref);
  if (exact) return exact;
  const matches = ref ? finished.filter((r) => r.runId.startsWith(ref)) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new SeqpipeError('E_RUN_AMBIGUOUS', messages.E_RUN_AMBIGUOUS(ref, matches.map((r) => r.runId)), { exitCode: 2 });
  throw notFound();
}
