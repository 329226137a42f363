/**
 * Runs jobs on the main thread, up to `concurrency` at once as promises (I/O overlaps; training
 * does not, so a sweep runs one job at a time). Keeps decoded artifacts in memory for the plan's
 * lifetime, so downstream stages skip decoding.
 */
import type { Artifact } from '../../artifacts/kinds.js';
import type { JobEvents, JobResult, JobSpec, Runner } from '../../plan/jobs.js';
import { runJob, type JobDeps } from '../run-job.js';

export class InProcessRunner implements Runner {
  private readonly memo = new Map<string, Promise<Artifact>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly deps: Omit<JobDeps, 'memo'>,
    readonly concurrency: number = Number.POSITIVE_INFINITY,
  ) {}

  async run(job: JobSpec, events: JobEvents, signal: AbortSignal): Promise<JobResult> {
    // Jobs arrive only when ready, so a plain FIFO slot queue cannot deadlock.
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await runJob(job, { ...this.deps, memo: this.memo }, events, signal);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    for (const v of this.memo.values()) {
      const a = await v.catch(() => undefined);
      if (a && 'dispose' in a) a.dispose?.();
    }
    this.memo.clear();
  }
}
