/**
 * The worker side of the pool runner. A worker entry script builds its own registry (the same
 * built-in plugins as the main process) and calls `servePoolWorker`; a job for a `plugins:` stage
 * names its entry (`pluginEntry`), which the worker imports itself, resolved against the job's
 * pipeline folder, and checks against the job's keyed `plugin` material. Jobs whose plugin version
 * it lacks are refused (E_PLUGIN_MISMATCH). Deps are kept per state dir (and plugin) for the
 * worker's life, so TensorFlow loads once per worker.
 */
import workerpool from 'workerpool';
import { messages } from '../../errors/codes.js';
import { isSeqpipeError, SeqpipeError } from '../../errors/seqpipe-error.js';
import type { JobSpec } from '../../plan/jobs.js';
import { importPluginEntry, pluginKeyMaterial, type LoadedPlugin } from '../../plugins/plugin-loader.js';
import { ContentStore } from '../../store/content-store.js';
import { runJob, type JobDeps } from '../run-job.js';
import type { WorkerAnswer, WorkerMessage } from './pool.runner.js';

type Deps = Omit<JobDeps, 'memo'>;

/** @param depsFor the registry (built-ins plus `plugins`, those a job's entry loaded) and environment. */
export function servePoolWorker(depsFor: (stateDir: string, plugins: readonly LoadedPlugin[]) => Omit<JobDeps, 'store' | 'memo'>): void {
  const cache = new Map<string, Promise<Deps>>();
  const depsOf = (job: JobSpec, stateDir: string): Promise<Deps> => {
    const id = job.pluginEntry ? JSON.stringify([stateDir, job.pipelineDir, job.pluginEntry, job.plugin]) : stateDir;
    let deps = cache.get(id);
    if (!deps) {
      deps = (async () => {
        const plugins = job.pluginEntry ? await importPluginEntry(job.pluginEntry, job.pipelineDir) : [];
        const have = plugins[0] ? pluginKeyMaterial(plugins[0].origin) : undefined;
        if (job.pluginEntry && JSON.stringify(have) !== JSON.stringify(job.plugin)) {
          const v = plugins.find((p) => p.definition.uses === job.uses)?.definition.version;
          throw new SeqpipeError('E_PLUGIN_MISMATCH', messages.E_PLUGIN_MISMATCH(job.uses, `${job.pluginVersion} ${JSON.stringify(job.plugin)}`, v && `${v} ${JSON.stringify(have)}`), { stage: job.stage, exitCode: 1 });
        }
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
        if (isSeqpipeError(error)) {
          return { ok: false, error: { code: String(error.code), message: error.message, ...(error.path ? { path: [...error.path] } : {}) } };
        }
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'E_STAGE_FAILED', message: `stage "${job.stage}" failed: ${message}` } };
      }
    },
  });
}
