/** Builds a stage's job once its inputs' digests are known; the key is computed here, once. */
import type { StageDefinition } from '../contract.js';
import { hashKeyMaterial, keyMaterial, type KeyMaterial } from './cache-key.js';
import type { JobSpec } from './jobs.js';

/** A job before it is keyed: the JobSpec's own fields, with the stage definition it runs. */
export type JobMaterial = Omit<JobSpec, 'key' | 'uses' | 'pluginVersion'> & { readonly definition: StageDefinition };

/** What the job's key hashes (kept in run records, so `seqpipe status` can say what changed). */
export function jobKeyMaterial(m: JobMaterial): KeyMaterial {
  const env = m.definition.numeric ? m.env : undefined;
  return keyMaterial({ definition: m.definition, params: m.params, inputDigests: m.inputs, seed: m.seed, env, external: m.external, plugin: m.plugin });
}

export function jobSpec(m: JobMaterial): JobSpec {
  const env = m.definition.numeric ? m.env : undefined;
  return {
    key: hashKeyMaterial(jobKeyMaterial(m)),
    uses: m.definition.uses,
    pluginVersion: m.definition.version,
    params: m.params,
    inputs: m.inputs,
    seed: m.seed,
    ...(env ? { env } : {}),
    ...(m.external === undefined ? {} : { external: m.external }),
    ...(m.plugin ? { plugin: m.plugin } : {}),
    ...(m.pluginEntry ? { pluginEntry: m.pluginEntry } : {}),
    pipelineDir: m.pipelineDir,
    stage: m.stage,
  };
}
