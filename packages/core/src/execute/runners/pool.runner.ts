/**
 * Runs jobs in a local pool of worker processes (workerpool), at most `workers` at once. Child
 * processes, not threads: each has its own TensorFlow.js (backends and the tensor registry are
 * per process) and a native tfjs-node binding need not be thread-safe. Only the job description
 * and the answer cross the IPC channel; artifacts go through the content store by digest.
 */
import { readFileSync } from 'node:fs';
import workerpool from 'workerpool';
import type { ProgressEvent } from '../../contract.js';
import { messages } from '../../errors/codes.js';
import { errorFromData, type ErrorData } from '../../errors/error-data.js';
import { SeqpipeError } from '../../errors/seqpipe-error.js';
import type { JobEvents, JobResult, JobSpec, Runner } from '../../plan/jobs.js';

export interface PoolRunnerOptions {
  /** The worker entry: a module that calls `servePoolWorker` with its own plugins. */
  readonly script: string;
  readonly workers: number;
  /** The content store the workers read and write. */
  readonly stateDir: string;
  /** Worker threads instead of processes: measured for comparison (bench/sweep-jobs.js), not the default. */
  readonly workerType?: 'process' | 'thread';
}

/** What crosses the channel: events while a job runs, and the answer. */
export type WorkerMessage =
  | { readonly type: 'start' }
  | { readonly type: 'progress'; readonly event: ProgressEvent }
  | { readonly type: 'log'; readonly level: 'info' | 'warn'; readonly message: string };
export type WorkerAnswer =
  | { readonly ok: true; readonly result: JobResult }
  | { readonly ok: false; readonly error: ErrorData };

export class PoolRunner implements Runner {
  readonly concurrency: number;
  private readonly pool: ReturnType<typeof workerpool.pool>;
  private readonly pending = new WeakMap<AbortSignal, Set<() => void>>();

  constructor(private readonly options: PoolRunnerOptions) {
    this.concurrency = options.workers;
    this.pool = workerpool.pool(options.script, {
      maxWorkers: options.workers,
      // Start every worker now: their start-up (imports, registry) overlaps validation and the
      // first jobs, instead of the second worker starting only when a second job is ready.
      minWorkers: 'max',
      workerType: options.workerType ?? 'process',
      // A stage's console output must never reach stdout (it carries --json): it goes to stderr.
      emitStdStreams: true,
    });
  }

  async run(job: JobSpec, events: JobEvents, signal: AbortSignal): Promise<JobResult> {
    if (signal.aborted) throw interrupted(job);
    const on = (payload: WorkerMessage | { stdout?: string; stderr?: string }): void => {
      if ('stdout' in payload || 'stderr' in payload) {
        const text = (payload as { stdout?: string; stderr?: string }).stdout ?? (payload as { stderr?: string }).stderr ?? '';
        process.stderr.write(text);
        return;
      }
      const m = payload as WorkerMessage;
      if (m.type === 'start') events.start?.();
      else if (m.type === 'progress') events.progress?.(m.event);
      else events.log?.(m.level, m.message);
    };
    const task = this.pool.exec('runJob', [job, this.options.stateDir], { on });
    // Aborting kills the worker running the job; the pool starts a fresh one for the next. One
    // listener per signal, however many jobs wait in the queue.
    const cancel = (): void => void task.cancel();
    let tasks = this.pending.get(signal);
    if (!tasks) {
      const set = (tasks = new Set());
      this.pending.set(signal, set);
      signal.addEventListener('abort', () => set.forEach((c) => c()), { once: true });
    }
    tasks.add(cancel);
    let answer: WorkerAnswer;
    try {
      answer = (await task) as WorkerAnswer;
    } catch (error) {
      if (signal.aborted) throw interrupted(job);
      const detail = error instanceof Error ? error.message : String(error);
      throw new SeqpipeError('E_STAGE_FAILED', messages.E_STAGE_FAILED(job.stage, `worker failed: ${detail}`), { stage: job.stage, exitCode: 1 });
    } finally {
      tasks.delete(cancel);
    }
    if (answer.ok) return answer.result;
    throw errorFromData(answer.error);
  }

  /**
   * Resident memory of the worker processes, for --max-memory (Linux /proc; a worker whose status
   * cannot be read counts 0). Thread workers share this process's, so they add nothing here.
   */
  residentBytes(): number {
    const workers = (this.pool as unknown as { workers?: { worker?: { pid?: number } }[] }).workers ?? [];
    let total = 0;
    for (const w of workers) {
      const pid = this.options.workerType === 'thread' ? undefined : w.worker?.pid;
      if (!pid) continue;
      try {
        const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        total += Number(kb ?? 0) * 1024;
      } catch {
        // the worker just exited, or no /proc: nothing to add
      }
    }
    return total;
  }

  /** Every job has answered (or was killed on abort) by now: a worker still starting up need not finish importing. */
  async close(): Promise<void> {
    await this.pool.terminate(true);
  }
}

const interrupted = (job: JobSpec): SeqpipeError =>
  new SeqpipeError('E_INTERRUPTED', messages.E_INTERRUPTED(), { stage: job.stage, exitCode: 1 });
