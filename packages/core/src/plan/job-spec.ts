/** Builds a stage's job once its inputs' digests are known; the key is computed here, once. */
import type { StageDefinition } from '../contract.js';
import type { JsonObject } from '../json.js';
import { cacheKey } from './cache-key.js';
import type { JobSpec } from './jobs.js';

export interface JobMaterial {
  readonly definition: StageDefinition;
  readonly stage: string;
  readonly params: JsonObject;
  readonly inputs: Readonly<Record<string, string>>;
  readonly seed: number;
  readonly env?: { readonly backend: string; readonly tfjs: string };
  readonly external?: string;
  /** Stages from a pipeline's `plugins:`: the plugin's package version or file digest. */
  readonly plugin?: JsonObject;
  readonly pipelineDir: string;
}

export function jobSpec(m: JobMaterial): JobSpec {
  const env = m.definition.numeric ? m.env : undefined;
  return {
    key: cacheKey({ definition: m.definition, params: m.params, inputDigests: m.inputs, seed: m.seed, env, external: m.external, plugin: m.plugin }),
    uses: m.definition.uses,
    pluginVersion: m.definition.version,
    params: m.params,
    inputs: m.inputs,
    seed: m.seed,
    ...(env ? { env } : {}),
    ...(m.external === undefined ? {} : { external: m.external }),
    ...(m.plugin ? { plugin: m.plugin } : {}),
    pipelineDir: m.pipelineDir,
    stage: m.stage,
  };
}
