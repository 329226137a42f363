/**
 * Finds the installed TensorFlow.js packages (paths and versions) by reading package.json files,
 * so a run can describe its backend without loading TensorFlow.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

export interface InstalledPackage {
  readonly dir: string;
  readonly version: string;
}

export function findPackage(name: string, from: NodeJS.Require = require): InstalledPackage | undefined {
  try {
    const manifest = from.resolve(`${name}/package.json`);
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    return { dir: dirname(manifest), version };
  } catch {
    return undefined;
  }
}

let coreVersion: string | undefined;
/** Version of the tfjs-core that `@tensorflow/tfjs` uses (the one that does the arithmetic). */
export function tfjsCoreVersion(): string {
  if (coreVersion === undefined) {
    const tfjs = findPackage('@tensorflow/tfjs');
    const fromTfjs = tfjs ? createRequire(`${tfjs.dir}/package.json`) : require;
    coreVersion = findPackage('@tensorflow/tfjs-core', fromTfjs)?.version ?? 'absent';
  }
  return coreVersion;
}

const describePackage = (name: string): string => {
  const p = findPackage(name);
  return p ? `${p.dir}@${p.version}` : 'absent';
};

/**
 * What decides which backend loads. If any part changes (tfjs-node installed or removed, Node
 * upgraded, SEQPIPE_BACKEND set), a cached probe is stale.
 */
export function backendFingerprint(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    SEQPIPE_BACKEND: env.SEQPIPE_BACKEND ?? '',
    tfjsNode: describePackage('@tensorflow/tfjs-node'),
    tfjsBackendWasm: describePackage('@tensorflow/tfjs-backend-wasm'),
    tfjsCore: tfjsCoreVersion(),
  };
}
