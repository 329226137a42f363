/**
 * What crosses Redis. A queued job is a description — the JobSpec (the cache key's material, the
 * stage id and the pipeline's folder) plus the seqpipe version that planned it — never code: a
 * worker runs only stages it has installed, or a `plugins:` file it finds at the pipeline's path. Failures travel as a coded error in the job's
 * failedReason, so the submitter's run fails with the stage's own code, file, line and col.
 */
import { errorData, errorFromData, messages, SeqpipeError, type ErrorData, type JobSpec, type ProgressEvent } from '@seqpipe/core';

/** Bumped when QueuedJob or JobUpdate change shape. */
export const QUEUE_PROTOCOL = 1;

export interface QueuedJob {
  readonly protocol: number;
  /** The submitter's seqpipe version; a worker with another refuses the job (E_QUEUE_VERSION). */
  readonly seqpipe: string;
  readonly job: JobSpec;
}

/** Sent with job.updateProgress while a job runs; QueueEvents hands it to the submitter. */
export type JobUpdate =
  | { readonly type: 'progress'; readonly event: ProgressEvent }
  | { readonly type: 'log'; readonly level: 'info' | 'warn'; readonly message: string };

/** An ErrorData, marked as ours so any other failedReason (BullMQ's own) is told apart. */
interface WireError extends ErrorData {
  readonly seqpipe: 1;
}

/** A worker-side failure as the job's failedReason: JSON a submitter can turn back into a SeqpipeError. */
export function encodeError(error: unknown, job: JobSpec): string {
  const wire: WireError = { seqpipe: 1, ...errorData(error, job.stage) };
  return JSON.stringify(wire);
}

/** The submitter's side: a coded failedReason becomes that error; anything else (BullMQ's own, e.g. a job stalled too often) E_QUEUE_JOB_FAILED. */
export function decodeError(failedReason: string | undefined, job: JobSpec): SeqpipeError {
  let wire: Partial<WireError> | undefined;
  try {
    wire = JSON.parse(failedReason ?? '') as Partial<WireError>;
  } catch {
    wire = undefined;
  }
  if (wire?.seqpipe === 1 && typeof wire.code === 'string' && typeof wire.message === 'string') {
    const { seqpipe: _seqpipe, ...data } = wire as WireError;
    return errorFromData({ ...data, stage: data.stage ?? job.stage });
  }
  return new SeqpipeError('E_QUEUE_JOB_FAILED', messages.E_QUEUE_JOB_FAILED(job.stage, failedReason || 'no reason given'), { exitCode: 1, stage: job.stage });
}
