/**
 * The worker side: takes jobs off the queue and runs them with a local Runner against the shared
 * store (`seqpipe worker` passes runJob, or a process pool for --concurrency > 1). BullMQ keeps a
 * lock on each running job and renews it every lockDuration/2; a worker that dies stops renewing,
 * and the other workers' stalled-job check puts its job back on the queue (up to maxStalledCount
 * times, then it fails with E_QUEUE_JOB_FAILED). Outputs are written atomically by digest, so a
 * killed job leaves nothing half-written, and a job run twice writes the same bytes.
 */
import { messages, SeqpipeError, type JobEvents, type JobResult, type JobSpec } from '@seqpipe/core';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { QUEUE_NAME, redisConnection } from './connection.js';
import { encodeError, QUEUE_PROTOCOL, type JobUpdate, type QueuedJob } from './protocol.js';

export interface QueueWorkerOptions {
  readonly url: string;
  /** This worker's seqpipe version: jobs planned with another are refused. */
  readonly version: string;
  /** Jobs at once (the `run` given must sustain that many). */
  readonly concurrency: number;
  readonly run: (job: JobSpec, events: JobEvents, signal: AbortSignal) => Promise<JobResult>;
  /** How long a job's lock lasts without renewal (ms; BullMQ default 30000). */
  readonly lockMs?: number;
  /** How often this worker looks for stalled jobs (ms; BullMQ default 30000). */
  readonly stalledMs?: number;
  /** How often a job may stall (its worker died) before it fails (default 2). */
  readonly maxStalledCount?: number;
  /** Per-job notices for the worker's output. */
  readonly onJob?: (event: WorkerJobEvent) => void;
  readonly onError?: (error: Error) => void;
}

export type WorkerJobEvent =
  | { readonly type: 'start'; readonly job: JobSpec; readonly attempt: number }
  | { readonly type: 'done'; readonly job: JobSpec; readonly result: JobResult }
  | { readonly type: 'failed'; readonly job: JobSpec; readonly code: string; readonly message: string };

export interface QueueWorker {
  /** Stops taking jobs and waits for the running ones (`force`: abandons them to the stalled check). */
  close(force?: boolean): Promise<void>;
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const processor = async (bull: Job<QueuedJob, JobResult>): Promise<JobResult> => {
    const { job, seqpipe, protocol } = bull.data;
    if (protocol !== QUEUE_PROTOCOL || seqpipe !== options.version) {
      const error = new SeqpipeError('E_QUEUE_VERSION', messages.E_QUEUE_VERSION(`${seqpipe} (queue protocol ${protocol})`, `${options.version} (queue protocol ${QUEUE_PROTOCOL})`), { stage: job.stage, exitCode: 1 });
      options.onJob?.({ type: 'failed', job, code: String(error.code), message: error.message });
      throw new UnrecoverableError(encodeError(error, job));
    }
    options.onJob?.({ type: 'start', job, attempt: Number(bull.stalledCounter ?? 0) + 1 });
    const update = (u: JobUpdate): void => void bull.updateProgress(u as never).catch(() => undefined);
    try {
      const result = await options.run(job, {
        progress: (event) => update({ type: 'progress', event }),
        log: (level, message) => update({ type: 'log', level, message }),
      }, new AbortController().signal);
      options.onJob?.({ type: 'done', job, result });
      return result;
    } catch (error) {
      const wire = encodeError(error, job);
      const { code, message } = JSON.parse(wire) as { code: string; message: string };
      options.onJob?.({ type: 'failed', job, code, message });
      // A stage that throws throws again: no retry, the submitter gets the code at once.
      throw new UnrecoverableError(wire);
    }
  };
  const worker = new Worker<QueuedJob, JobResult>(QUEUE_NAME, processor, {
    connection: redisConnection(options.url),
    concurrency: options.concurrency,
    lockDuration: options.lockMs ?? 30_000,
    stalledInterval: options.stalledMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
    autorun: false,
  });
  // Redis going away is reported and ridden out (the connection reconnects by itself).
  worker.on('error', (error) => options.onError?.(error));
  void worker.run().catch((error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error))));
  await worker.waitUntilReady();
  return { close: (force = false) => worker.close(force) };
}
