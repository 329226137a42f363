/**
 * A worker's side of a `plugins:` stage (pool and queue workers alike): it imports the entry the
 * job names itself, resolved against the job's pipeline folder, and refuses the job
 * (E_PLUGIN_MISMATCH) unless what it imported is the keyed `plugin` material — the same file
 * digest or package version the submitter planned with.
 */
import { messages } from '../../errors/codes.js';
import { SeqpipeError } from '../../errors/seqpipe-error.js';
import type { JobSpec } from '../../plan/jobs.js';
import { importPluginEntry, pluginKeyMaterial, type LoadedPlugin } from '../../plugins/plugin-loader.js';

/** What identifies a job's plugin: jobs with equal ids can share one import. */
export const jobPluginId = (job: JobSpec): string | undefined =>
  job.pluginEntry ? JSON.stringify([job.pipelineDir, job.pluginEntry, job.plugin]) : undefined;

/** The plugins a job's entry loads (none for a built-in stage), checked against its keyed material. */
export async function importJobPlugins(job: JobSpec): Promise<LoadedPlugin[]> {
  if (!job.pluginEntry) return [];
  const plugins = await importPluginEntry(job.pluginEntry, job.pipelineDir);
  const have = plugins[0] ? pluginKeyMaterial(plugins[0].origin) : undefined;
  if (JSON.stringify(have) !== JSON.stringify(job.plugin)) {
    const v = plugins.find((p) => p.definition.uses === job.uses)?.definition.version;
    throw new SeqpipeError('E_PLUGIN_MISMATCH', messages.E_PLUGIN_MISMATCH(job.uses, `${job.pluginVersion} ${JSON.stringify(job.plugin)}`, v && `${v} ${JSON.stringify(have)}`), { stage: job.stage, exitCode: 1 });
  }
  return plugins;
}
