/**
 * The worker side of the pool runner. A worker entry script builds its own registry (the same
 * built-in plugins as the main process) and calls `servePoolWorker`; a job for a `plugins:` stage
 * names its entry (`pluginEntry`), which the worker imports itself (job-plugins.ts). Jobs whose
 * plugin version it lacks are refused (E_PLUGIN_MISMATCH). Deps are kept per state dir (and plugin) for the
 * worker's life, so TensorFlow loads once per worker.
 */
import workerpool from 'workerpool';
import { errorData } from '../../errors/error-data.js';
import type { JobSpec } from '../../plan/jobs.js';
import type { LoadedPlugin } from '../../plugins/plugin-loader.js';
import { ContentStore } from '../../store/content-store.js';
import { runJob, type JobDeps } from '../run-job.js';
import { importJobPlugins, jobPluginId } from './job-plugins.js';
import type { WorkerAnswer, WorkerMessage } from './pool.runner.js';

type Deps = Omit<JobDeps, 'memo'>;

/** @param depsFor the registry (built-ins plus `plugins`, those a job's entry loaded) and environment. */
export function servePoolWorker(depsFor: (stateDir: string, plugins: readonly LoadedPlugin[]) => Omit<JobDeps, 'store' | 'memo'>): void {
  const cache = new Map<string, Promise<Deps>>();
  const depsOf = (job: JobSpec, stateDir: string): Promise<Deps> => {
    const plugin = jobPluginId(job);
    const id = plugin ? JSON.stringify([stateDir, plugin]) : stateDir;
    let deps = cache.get(id);
    if (!deps) {
      deps = (async () => {
        const plugins = await importJobPlugins(job);
        return { ...depsFor(stateDir, plugins), store: new ContentStore(stateDir) };
      })();
      deps.catch(() => cache.delete(id));
      cache.set(id, deps);
    }
    return deps;
  };
  // Ctrl-C reaches the whole process group: the main process decides, and cancels the job.
  process.on('SIGINT', () => undefined);
  workerpool.worker({
    async runJob(job: JobSpec, stateDir: string): Promise<WorkerAnswer> {
      const emit = (m: WorkerMessage): void => workerpool.workerEmit(m);
      try {
        const deps = await depsOf(job, stateDir);
        const result = await runJob(job, deps, {
          start: () => emit({ type: 'start' }),
          progress: (event) => emit({ type: 'progress', event }),
          log: (level, message) => emit({ type: 'log', level, message }),
        }, new AbortController().signal);
        return { ok: true, result };
      } catch (error) {
        return { ok: false, error: errorData(error, job.stage) };
      }
    },
  });
}
