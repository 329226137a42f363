/**
 * `seqpipe worker --queue URL [--concurrency N] [--state-dir DIR]`: runs queued jobs against the
 * shared state dir until SIGTERM/SIGINT (then finishes the running jobs; a second signal leaves
 * them to the other workers' stalled-job check). One job at a time runs in this process; N > 1
 * runs them in a pool of N processes, as `sweep --jobs N` does. Either way a `plugins:` stage's
 * job is run by importing the entry it names (checked against its keyed digest or version).
 */
import { ContentStore, importJobPlugins, jobDefinition, jobPluginId, messages, runJob, SeqpipeError, type JobEvents, type JobResult, type JobSpec, type PluginRegistry } from '@seqpipe/core';
import { SEQPIPE_VERSION } from '../version.js';
import type { Command } from './command.js';
import { usage } from './shared.js';
import { FLAGS, flags, type CommandSpec } from './options.js';

/** Test and tuning knobs: BullMQ's lock duration and stalled-check interval, in ms. */
const envMs = (name: string): number | undefined => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^[1-9]\d*$/.test(raw)) throw usage(`${name} must be a positive integer of milliseconds (got "${raw}")`);
  return Number(raw);
};

export const workerCommand: Command = async (app, args) => {
  const { queue: url, concurrency: raw } = args.values;
  if (!url) throw usage('"seqpipe worker" needs --queue redis://HOST:PORT (see docs/cluster.md)');
  if (args.positionals.length) throw usage(`unexpected argument "${args.positionals[0]}"`);
  if (raw !== undefined && !/^[1-9]\d*$/.test(raw)) throw usage(`--concurrency must be a positive integer (got "${raw}")`);
  const concurrency = raw === undefined ? 1 : Number(raw);
  const lockMs = envMs('SEQPIPE_QUEUE_LOCK_MS');
  const stalledMs = envMs('SEQPIPE_QUEUE_STALLED_MS');
  const { probeRedis, redactUrl, startQueueWorker } = await import('@seqpipe/queue');
  await probeRedis(url);
  const seqpipe = app();
  let run: (job: JobSpec, events: JobEvents, signal: AbortSignal) => Promise<JobResult>;
  let pool: { close(): Promise<void> } | undefined;
  if (concurrency === 1) {
    // No memo: a long-lived worker must not keep every artifact it decoded. A `plugins:` stage's
    // job names its entry: imported here once per plugin, checked against the keyed material.
    const store = new ContentStore(seqpipe.stateDir);
    const registries = new Map<string, Promise<PluginRegistry>>();
    const registryFor = (job: JobSpec): Promise<PluginRegistry> => {
      const id = jobPluginId(job);
      if (!id) return Promise.resolve(seqpipe.registry);
      let registry = registries.get(id);
      if (!registry) {
        registry = importJobPlugins(job).then((plugins) => seqpipe.registryWith(plugins));
        registry.catch(() => registries.delete(id));
        registries.set(id, registry);
      }
      return registry;
    };
    run = async (job, events, signal) => runJob(job, { registry: await registryFor(job), env: seqpipe.env, store }, events, signal);
  } else {
    const runner = seqpipe.runner(concurrency);
    pool = runner;
    run = (job, events, signal) => runner.run(job, events, signal);
  }
  // A stage that reads a file (source/csv) is keyed by the file's digest as the submitter saw
  // it; refuse to file this host's different copy under that key.
  const local = run;
  run = async (job, events, signal) => {
    const definition = jobDefinition(seqpipe.registry, job);
    if (definition?.fingerprint && job.external !== undefined) {
      const mine = await definition.fingerprint(job.params, { pipelineDir: job.pipelineDir });
      if (mine !== job.external) throw new SeqpipeError('E_QUEUE_EXTERNAL', messages.E_QUEUE_EXTERNAL(job.stage, job.pipelineDir), { stage: job.stage, exitCode: 1 });
    }
    return local(job, events, signal);
  };
  const say = (line: string): void => void process.stderr.write(`${line}\n`);
  let lastError = '';
  const worker = await startQueueWorker({
    url, version: SEQPIPE_VERSION, concurrency, run,
    ...(lockMs ? { lockMs } : {}), ...(stalledMs ? { stalledMs } : {}),
    onJob: (e) => {
      const what = `${e.job.stage} (${e.job.uses}) ${e.job.key.slice(0, 12)}`;
      if (e.type === 'start') say(`start ${what}${e.attempt > 1 ? ` attempt ${e.attempt}` : ''}`);
      else if (e.type === 'done') say(`done  ${what} ${e.result.seconds.toFixed(2)}s`);
      else say(`fail  ${what} ${e.code} ${e.message}`);
    },
    onError: (error) => {
      // Redis away: ioredis reconnects by itself; say so once per distinct message.
      if (error.message !== lastError) say(`warning: queue: ${(lastError = error.message)}`);
    },
  });
  say(`seqpipe worker ready: queue ${redactUrl(url)} · state ${seqpipe.stateDir} · concurrency ${concurrency} · seqpipe ${SEQPIPE_VERSION} · pid ${process.pid}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      say('stopping: finishing the running jobs (signal again to leave them to other workers)');
      process.once('SIGTERM', () => process.exit(1));
      process.once('SIGINT', () => process.exit(1));
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await worker.close();
  await pool?.close();
  say('worker stopped');
  return 0;
};

/** What `seqpipe worker` takes (main.ts parses with it; --help shows it). */
export const workerSpec: CommandSpec = {
  name: 'worker',
  options: { queue: { ...FLAGS.queue, value: 'redis://[:PASSWORD@]HOST:PORT' }, ...flags('concurrency', 'state-dir') },
  required: ['queue'], note: '(see docs/cluster.md)',
  run: workerCommand,
};
