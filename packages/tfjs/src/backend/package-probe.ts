/**
 * Finds the installed TensorFlow.js packages (paths and versions) by reading package.json files,
 * so a run can describe its backend without loading TensorFlow.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
 * The tfjs-node binding as built (size and time), or "absent". tfjs-node can sit in node_modules
 * without a binding (npm install --ignore-scripts); `npm run setup-native` then builds one in
 * place, which must make a remembered probe stale although the package itself did not change.
 */
export function bindingStamp(tfjsNodeDir: string | undefined): string {
  if (!tfjsNodeDir) return 'absent';
  try {
    const napi = readdirSync(join(tfjsNodeDir, 'lib')).filter((d) => d.startsWith('napi-v')).sort();
    const stamps = napi.flatMap((d) => {
      try {
        const s = statSync(join(tfjsNodeDir, 'lib', d, 'tfjs_binding.node'));
        return [`${d}:${s.size}:${Math.round(s.mtimeMs)}`];
      } catch {
        return [];
      }
    });
    return stamps.length ? stamps.join(',') : 'absent';
  } catch {
    return 'absent';
  }
}

/**
 * What decides which backend loads. If any part changes (tfjs-node installed or removed, Node
 * upgraded, its binding built, SEQPIPE_BACKEND set), a cached probe is stale.
 */
export function backendFingerprint(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    SEQPIPE_BACKEND: env.SEQPIPE_BACKEND ?? '',
    tfjsNode: describePackage('@tensorflow/tfjs-node'),
    tfjsNodeBinding: bindingStamp(findPackage('@tensorflow/tfjs-node')?.dir),
    tfjsBackendWasm: describePackage('@tensorflow/tfjs-backend-wasm'),
    tfjsCore: tfjsCoreVersion(),
  };
}

/**
 * The backend a load would pick, when the fingerprint alone makes it certain, so a fresh state
 * dir need not load TensorFlow to key a stage: SEQPIPE_BACKEND forcing `wasm` or `cpu` (installed
 * with tfjs), or no tfjs-node and the WASM backend installed (the load's import of tfjs-node fails,
 * with the note below). With tfjs-node installed only a load tells whether its binding works, so
 * there is no prediction. A wrong one is corrected by the first real load (numeric-environment.ts).
 */
export function predictBackend(fingerprint: Record<string, string>): { backend: string; note?: string } | undefined {
  const forced = fingerprint['SEQPIPE_BACKEND']?.trim();
  const wasm = fingerprint['tfjsBackendWasm'] !== 'absent';
  if (forced) return forced === 'cpu' || (forced === 'wasm' && wasm) ? { backend: forced, note: `${forced} forced by SEQPIPE_BACKEND` } : undefined;
  if (fingerprint['tfjsNode'] === 'absent' && wasm) return { backend: 'wasm', note: 'tfjs-node not installed; using wasm' };
  return undefined;
}
