/**
 * key(stage) = sha256(JCS({ keyVersion, uses, pluginVersion, params, inputs: {port: digest},
 *                           seed?, env?, external?, plugin? }))  — see ARCHITECTURE.md, "Cache".
 * Inputs enter by the digest of their content, not their key: an upstream stage that re-runs and
 * produces the same bytes leaves everything downstream cached.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { NumericEnv, StageDefinition } from '../contract.js';
import type { JsonObject } from '../json.js';

export const KEY_VERSION = 1;

export interface KeyParts {
  readonly definition: StageDefinition;
  readonly params: JsonObject;
  readonly inputDigests: Readonly<Record<string, string>>;
  readonly seed?: number;
  readonly env?: NumericEnv;
  /** The stage's `fingerprint` (external content such as a file's digest), when it has one. */
  readonly external?: string;
  /** Stages from a pipeline's `plugins:`: package name and version, or the file's sha256. Absent for built-ins, so their keys stay as they were. */
  readonly plugin?: JsonObject;
}

/** What the key hashes, kept in run records so `seqpipe status` can say what changed. */
export interface KeyMaterial {
  readonly keyVersion: number;
  readonly uses: string;
  readonly pluginVersion: string;
  readonly params: JsonObject;
  readonly inputs: Readonly<Record<string, string>>;
  readonly seed?: number;
  readonly env?: NumericEnv;
  readonly external?: string;
  readonly plugin?: JsonObject;
}

export function keyMaterial({ definition, params, inputDigests, seed, env, external, plugin }: KeyParts): KeyMaterial {
  const keyed = Object.fromEntries(Object.entries(params).filter(([name]) => !definition.volatileParams?.includes(name)));
  const material: KeyMaterial = {
    keyVersion: KEY_VERSION,
    uses: definition.uses,
    pluginVersion: definition.version,
    params: keyed,
    inputs: inputDigests,
    ...(definition.random ? { seed } : {}),
    ...(definition.numeric ? { env } : {}),
    // Absent for stages without a fingerprint, so their keys (and existing caches) are unchanged.
    ...(external === undefined ? {} : { external }),
    ...(plugin ? { plugin } : {}),
  };
  return material;
}

export const hashKeyMaterial = (material: KeyMaterial): string =>
  createHash('sha256').update(canonicalize(material) ?? '').digest('hex');

export function cacheKey(parts: KeyParts): string {
  return hashKeyMaterial(keyMaterial(parts));
}
