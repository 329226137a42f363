/**
 * The worker side of the pool runner. A worker entry script builds its own registry (the same
 * plugins as the main process) and calls `servePoolWorker`; jobs whose plugin version it lacks
 * are refused by runJob (E_PLUGIN_MISMATCH). One set of deps per state dir, kept for the
 * worker's life, so TensorFlow loads once per worker.
 */
import workerpool from 'workerpool';
import { isSeqpipeError } from '../../errors/seqpipe-error.js';
import type { JobSpec } from '../../plan/jobs.js';
import { ContentStore } from '../../store/content-store.js';
import { runJob, type JobDeps } from '../run-job.js';
import type { WorkerAnswer, WorkerMessage } from './pool.runner.js';

export function servePoolWorker(depsFor: (stateDir: string) => Omit<JobDeps, 'store' | 'memo'>): void {
  const cache = new Map<string, Omit<JobDeps, 'memo'>>();
  // Ctrl-C reaches the whole process group: the main process decides, and cancels the job.
  process.on('SIGINT', () => undefined);
  workerpool.worker({
    async runJob(job: JobSpec, stateDir: string): Promise<WorkerAnswer> {
      let deps = cache.get(stateDir);
      if (!deps) cache.set(stateDir, (deps = { ...depsFor(stateDir), store: new ContentStore(stateDir) }));
      const emit = (m: WorkerMessage): void => workerpool.workerEmit(m);
      try {
        const result = await runJob(job, deps, {
          start: () => emit({ type: 'start' }),
          progress: (event) => emit({ type: 'progress', event }),
          log: (level, message) => emit({ type: 'log', level, message }),
        }, new AbortController().signal);
        return { ok: true, result };
      } catch (error) {
        if (isSeqpipeError(error)) {
          return { ok: false, error: { code: String(error.code), message: error.message, ...(error.path ? { path: [...error.path] } : {}) } };
        }
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'E_STAGE_FAILED', message: `stage "${job.stage}" failed: ${message}` } };
      }
    },
  });
}
