/**
 * A job's failure as plain JSON, for the hops between processes (pool workers' answers, queue
 * workers' failedReason): code, message and the whole location, so a bad cell in a CSV read by a
 * worker is reported at its line and column exactly as a local run reports it.
 */
import { messages } from './codes.js';
import { isSeqpipeError, SeqpipeError, type Location } from './seqpipe-error.js';

export interface ErrorData extends Location {
  readonly code: string;
  readonly message: string;
}

/** Any error thrown while running `stage`: a SeqpipeError keeps its code, anything else is E_STAGE_FAILED. */
export function errorData(error: unknown, stage: string): ErrorData {
  if (!isSeqpipeError(error)) {
    return { code: 'E_STAGE_FAILED', message: messages.E_STAGE_FAILED(stage, error instanceof Error ? error.message : String(error)), stage };
  }
  const where = Object.fromEntries((['file', 'line', 'col'] as const).filter((k) => error[k] !== undefined).map((k) => [k, error[k]]));
  return { code: String(error.code), message: error.message, stage: error.stage ?? stage, ...where, ...(error.path ? { path: [...error.path] } : {}) };
}

/** Back into the error a local run would have thrown (a running failure: exit code 1). */
export function errorFromData(data: ErrorData): SeqpipeError {
  const { code, message, ...where } = data;
  return new SeqpipeError(code, message, { ...where, exitCode: 1 });
}
