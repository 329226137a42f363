/**
 * The rule every file source keeps: its output is keyed by the digest of the files it read
 * (`StageContext.external`, the job's fingerprint), so a read of other bytes must never be stored.
 * A read that failed on a file which changed meanwhile (cut short while rewritten) is the change's
 * doing, and reported as E_INPUT_CHANGED rather than as a bad row that may not exist any more.
 */
import { messages, SeqpipeError } from '@seqpipe/core';

export interface ChangeCheck {
  /** The fingerprint the job was keyed by (undefined: nothing to compare with). */
  readonly keyed: string | undefined;
  /** The files' fingerprint now. */
  readonly fingerprint: () => Promise<string>;
  /** Names the input in the message, and locates the error when it is one file. */
  readonly name: string;
  readonly file?: string;
  /** Codes of read errors that a change under the read can cause. */
  readonly codes: RegExp;
}

export function inputChanged(name: string, file?: string): SeqpipeError {
  return new SeqpipeError('E_INPUT_CHANGED', messages.E_INPUT_CHANGED(name), { ...(file ? { file } : {}), exitCode: 1 });
}

/** Whether the files no longer hash to what the job was keyed by (gone counts as changed). */
async function changed(check: ChangeCheck): Promise<boolean> {
  return check.keyed !== undefined && (await check.fingerprint().catch(() => undefined)) !== check.keyed;
}

/**
 * Runs `read`; one of `codes` thrown while the files changed becomes E_INPUT_CHANGED. With
 * `recheck`, the files are hashed again after a successful read too (for readers that do not
 * hash what they parse themselves, as DuckDB does not).
 */
export async function readUnchanged<T>(check: ChangeCheck, read: () => Promise<T>, recheck: boolean): Promise<T> {
  let out: T;
  try {
    out = await read();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && check.codes.test(code) && (await changed(check))) throw inputChanged(check.name, check.file);
    throw error;
  }
  if (recheck && (await changed(check))) throw inputChanged(check.name, check.file);
  return out;
}
