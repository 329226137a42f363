/**
 * A Runner whose jobs run on `seqpipe worker` processes anywhere, through a BullMQ queue on Redis.
 * The scheduler stays in charge of the DAG: it submits a job only when its inputs are in the
 * store and only when its key is not (so a re-submitted sweep sends only what is missing), and
 * it already deduplicates keys within a plan. The queue adds the job id = the cache key, so two
 * submitters that need the same stage at once share one job.
 *
 * Waiting: one QueueEvents stream for all jobs (active → start, progress → progress and logs,
 * completed/failed → the answer), plus a slow poll per job that survives what events cannot: an
 * event missed during a Redis restart, or a queue emptied by one. The poll reads the job; a job
 * that has vanished is answered from the store if its output is there, else added again.
 */
import { messages, SeqpipeError, type JobEvents, type JobResult, type JobSpec, type ObjectStore, type Runner } from '@seqpipe/core';
import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import { probeRedis, QUEUE_NAME, redisConnection } from './connection.js';
import { decodeError, QUEUE_PROTOCOL, type JobUpdate, type QueuedJob } from './protocol.js';

export interface QueueRunnerOptions {
  /** redis://… or rediss://… */
  readonly url: string;
  /** This seqpipe's version; workers with another refuse the jobs. */
  readonly version: string;
  /** The shared store (the scheduler's): answers a job whose completion the queue lost. */
  readonly store: Pick<ObjectStore, 'getKey'>;
  /** How often each waiting job is checked besides the events (ms; default 2000). */
  readonly pollMs?: number;
}

interface Waiter {
  readonly job: JobSpec;
  readonly events: JobEvents;
  started: boolean;
  settle(outcome: { result: JobResult } | { error: SeqpipeError }): void;
}

/** Finished jobs leave Redis at once (completed) or after a day (failed, for inspection). */
const JOB_OPTIONS: JobsOptions = { attempts: 1, removeOnComplete: true, removeOnFail: { age: 24 * 3600 } };

export class QueueRunner implements Runner {
  private readonly waiters = new Map<string, Set<Waiter>>();
  /** One abort listener per signal, however many jobs wait on it (a sweep passes one signal to all). */
  private readonly aborts = new WeakMap<AbortSignal, Set<() => void>>();

  private constructor(
    private readonly options: QueueRunnerOptions,
    private readonly queue: Queue,
    private readonly queueEvents: QueueEvents,
    /** The workers connected when the runner started (informational: the queue sets the pace). */
    readonly concurrency: number,
  ) {
    queueEvents.on('active', ({ jobId }) => this.each(jobId, (w) => this.start(w)));
    queueEvents.on('progress', ({ jobId, data }) => this.each(jobId, (w) => {
      this.start(w);
      const update = data as JobUpdate;
      if (update?.type === 'progress') w.events.progress?.(update.event);
      else if (update?.type === 'log') w.events.log?.(update.level, update.message);
    }));
    queueEvents.on('completed', ({ jobId, returnvalue }) => this.each(jobId, (w) => void this.answer(w, returnvalue as unknown as JobResult)));
    queueEvents.on('failed', ({ jobId, failedReason }) => this.each(jobId, (w) => w.settle({ error: decodeError(failedReason, w.job) })));
  }

  /** Connects (failing fast with E_QUEUE_CONNECT) and starts listening before any job is added. */
  static async connect(options: QueueRunnerOptions): Promise<QueueRunner> {
    await probeRedis(options.url);
    const queue = new Queue(QUEUE_NAME, { connection: redisConnection(options.url) });
    const queueEvents = new QueueEvents(QUEUE_NAME, { connection: redisConnection(options.url) });
    // While Redis is away both reconnect by themselves; their errors are not the run's.
    queue.on('error', () => undefined);
    queueEvents.on('error', () => undefined);
    await Promise.all([queue.waitUntilReady(), queueEvents.waitUntilReady()]);
    const workers = await queue.getWorkersCount().catch(() => 0);
    return new QueueRunner(options, queue, queueEvents, workers);
  }

  run(job: JobSpec, events: JobEvents, signal: AbortSignal): Promise<JobResult> {
    if (signal.aborted) return Promise.reject(interrupted(job));
    let aborts = this.aborts.get(signal);
    if (!aborts) {
      const set = (aborts = new Set<() => void>());
      this.aborts.set(signal, set);
      signal.addEventListener('abort', () => [...set].forEach((f) => f()), { once: true });
    }
    const abortSet = aborts;
    return new Promise<JobResult>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        job, events, started: false,
        settle: (outcome) => {
          clearTimeout(timer);
          abortSet.delete(onAbort);
          this.waiters.get(job.key)?.delete(waiter);
          if ('result' in outcome) resolve(outcome.result);
          else reject(outcome.error);
        },
      };
      const onAbort = (): void => {
        waiter.settle({ error: interrupted(job) });
        // A job still waiting is withdrawn; one already running finishes into the store.
        void this.queue.getJob(job.key).then((j) => j?.remove()).catch(() => undefined);
      };
      abortSet.add(onAbort);
      let set = this.waiters.get(job.key);
      if (!set) this.waiters.set(job.key, (set = new Set()));
      set.add(waiter);
      const poll = async (): Promise<void> => {
        try {
          if (set.has(waiter)) await this.check(waiter);
        } catch {
          // Redis away: try again at the next tick.
        }
        if (set.has(waiter)) timer = setTimeout(() => void poll(), this.options.pollMs ?? 2000);
      };
      void this.submit(job).then(poll, poll);
    });
  }

  /** Adds the job, replacing a finished one left under its id (its output is not in the store, or the run asked --no-cache). */
  private async submit(job: JobSpec): Promise<void> {
    const existing = await this.queue.getJob(job.key);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed') return; // waiting or running: share it
      await existing.remove().catch(() => undefined);
    }
    const data: QueuedJob = { protocol: QUEUE_PROTOCOL, seqpipe: this.options.version, job };
    await this.queue.add(job.uses, data, { ...JOB_OPTIONS, jobId: job.key });
  }

  private async check(waiter: Waiter): Promise<void> {
    const { job } = waiter;
    const bull = await this.queue.getJob(job.key);
    if (!bull) {
      // Completed and removed before its event reached us, or lost with a Redis restart.
      const hit = await this.options.store.getKey(job.key);
      if (hit) waiter.settle({ result: { key: job.key, digest: hit.digest, kind: hit.kind, seconds: 0 } });
      else await this.submit(job);
      return;
    }
    const state = await bull.getState();
    if (state === 'completed') await this.answer(waiter, bull.returnvalue as JobResult);
    else if (state === 'failed') waiter.settle({ error: decodeError(bull.failedReason, job) });
    else if (state === 'active') this.start(waiter);
  }

  /**
   * A worker's answer counts once its output is visible here: a worker given another state dir
   * than this one would otherwise "succeed" into a store the run cannot read. A shared file
   * system may show a new file a moment late, so look a few times.
   */
  private async answer(waiter: Waiter, result: JobResult): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.options.store.getKey(result.key).catch(() => undefined)) return waiter.settle({ result });
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
    const { job } = waiter;
    waiter.settle({ error: new SeqpipeError('E_QUEUE_STORE', messages.E_QUEUE_STORE(job.stage, result.key), { stage: job.stage, exitCode: 1 }) });
  }

  private start(waiter: Waiter): void {
    if (waiter.started) return;
    waiter.started = true;
    waiter.events.start?.();
  }

  private each(jobId: string, f: (w: Waiter) => void): void {
    for (const w of [...(this.waiters.get(jobId) ?? [])]) f(w);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.queueEvents.close(), this.queue.close()]);
  }
}

const interrupted = (job: JobSpec): SeqpipeError =>
  new SeqpipeError('E_INTERRUPTED', messages.E_INTERRUPTED(), { stage: job.stage, exitCode: 1 });
