/**
 * Runs jobs on the main thread, concurrently as promises (I/O overlaps; training does not). Keeps
 * decoded artifacts in memory for the plan's lifetime, so downstream stages skip decoding.
 */
import type { Artifact } from '../../artifacts/kinds.js';
import type { JobEvents, JobResult, JobSpec, Runner } from '../../plan/jobs.js';
import { runJob, type JobDeps } from '../run-job.js';

export class InProcessRunner implements Runner {
  readonly concurrency = Number.POSITIVE_INFINITY;
  private readonly memo = new Map<string, Promise<Artifact>>();

  constructor(private readonly deps: Omit<JobDeps, 'memo'>) {}

  run(job: JobSpec, events: JobEvents, signal: AbortSignal): Promise<JobResult> {
    return runJob(job, { ...this.deps, memo: this.memo }, events, signal);
  }

  async close(): Promise<void> {
    for (const v of this.memo.values()) {
      const a = await v.catch(() => undefined);
      if (a && 'dispose' in a) a.dispose?.();
    }
    this.memo.clear();
  }
}
