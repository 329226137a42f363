/**
 * Loads the modules a pipeline names under `plugins:`. A path (./x.js, ../x.js, /abs/x.js) is
 * relative to the pipeline file; anything else is a package, resolved with Node's ESM rules from
 * the pipeline's folder (so a pipeline outside this repository finds its own node_modules).
 * A module's default export is a stage definition or an array of them. Problems are returned as
 * diagnostics at the entry's line and column, never thrown.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve as resolveModule } from 'import-meta-resolve';
import type { StageDefinition } from '../contract.js';
import type { JsonObject } from '../json.js';
import { messages } from '../errors/codes.js';
import type { Diagnostic } from '../errors/seqpipe-error.js';
import { locate, type PipelineDocument } from '../spec/pipeline-document.js';
import { stageShapeProblem } from './plugin-shape.js';

/** Where a plugin stage came from; `package` or `sha256` enter its stages' cache keys. */
export interface PluginOrigin {
  /** The entry as written under `plugins:`. */
  readonly entry: string;
  /** The resolved module file. */
  readonly file: string;
  /** For a package: its name and version (from its package.json). */
  readonly package?: { readonly name: string; readonly version: string };
  /** For a local file: the sha256 of its source. */
  readonly sha256?: string;
}

export interface LoadedPlugin {
  readonly definition: StageDefinition;
  readonly origin: PluginOrigin;
}

export interface PluginLoad {
  readonly plugins: readonly LoadedPlugin[];
  readonly diagnostics: readonly Diagnostic[];
}

const isPath = (entry: string): boolean => entry.startsWith('./') || entry.startsWith('../') || isAbsolute(entry);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageName = (entry: string): string => entry.split('/').slice(0, entry.startsWith('@') ? 2 : 1).join('/');

/**
 * @param registered who already registers a `uses` (e.g. "a built-in stage"), for conflicts.
 */
export async function loadPlugins(pd: PipelineDocument, registered: (uses: string) => string | undefined): Promise<PluginLoad> {
  const list = pd.doc.toJS()?.plugins as unknown;
  if (!Array.isArray(list)) return { plugins: [], diagnostics: [] };
  const pipelineFile = resolvePath(pd.file);
  const plugins: LoadedPlugin[] = [];
  const diagnostics: Diagnostic[] = [];
  const owners = new Map<string, string>();
  for (const [i, entry] of list.entries()) {
    if (typeof entry !== 'string' || !entry) continue; // the outer schema reports it
    const fail = (code: 'E_PLUGIN_LOAD' | 'E_PLUGIN_INVALID', message: string): void => {
      diagnostics.push({ code, message, severity: 'error', file: pd.file, path: ['plugins', i], ...locate(pd, ['plugins', i]) });
    };
    let loaded: { origin: PluginOrigin; exported: unknown };
    try {
      loaded = await importPlugin(entry, pipelineFile);
    } catch (error) {
      fail('E_PLUGIN_LOAD', messages.E_PLUGIN_LOAD(entry, (error as Error).message?.split('\n')[0] ?? String(error)));
      continue;
    }
    const { origin, exported } = loaded;
    const items = Array.isArray(exported) ? exported : [exported];
    if (exported === undefined) {
      fail('E_PLUGIN_INVALID', messages.E_PLUGIN_INVALID(entry, 'it has no default export'));
      continue;
    }
    if (items.length === 0) {
      fail('E_PLUGIN_INVALID', messages.E_PLUGIN_INVALID(entry, 'its default export is an empty array'));
      continue;
    }
    const problem = items.map((item, k) => {
      const p = stageShapeProblem(item);
      return p && Array.isArray(exported) ? `item ${k}: ${p}` : p;
    }).find((p) => p !== undefined);
    if (problem) {
      fail('E_PLUGIN_INVALID', messages.E_PLUGIN_INVALID(entry, problem));
      continue;
    }
    for (const item of items as StageDefinition[]) {
      const other = registered(item.uses) ?? owners.get(item.uses);
      if (other) {
        diagnostics.push({
          code: 'E_PLUGIN_CONFLICT', message: messages.E_PLUGIN_CONFLICT(entry, item.uses, other), severity: 'error',
          file: pd.file, path: ['plugins', i], ...locate(pd, ['plugins', i]),
        });
        continue;
      }
      owners.set(item.uses, `plugin "${entry}"`);
      plugins.push({ definition: item.description === undefined ? { ...item, description: '' } : item, origin });
    }
  }
  return { plugins, diagnostics };
}

/**
 * Imports one `plugins:` entry the way `loadPlugins` does, resolved against `pipelineDir`: for a
 * worker process that receives a job for a plugin stage. Throws if it does not load or export stages.
 */
export async function importPluginEntry(entry: string, pipelineDir: string): Promise<LoadedPlugin[]> {
  const { origin, exported } = await importPlugin(entry, join(pipelineDir, 'pipeline.yaml'));
  const items = Array.isArray(exported) ? exported : [exported];
  const problem = exported === undefined ? 'it has no default export' : items.map(stageShapeProblem).find((p) => p !== undefined);
  if (problem) throw new Error(messages.E_PLUGIN_INVALID(entry, problem));
  return (items as StageDefinition[]).map((item) => ({ definition: item.description === undefined ? { ...item, description: '' } : item, origin }));
}

async function importPlugin(entry: string, pipelineFile: string): Promise<{ origin: PluginOrigin; exported: unknown }> {
  if (isPath(entry)) {
    const file = resolvePath(dirname(pipelineFile), entry);
    const source = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new Error(`no file ${file}`) : error;
    });
    const sha256 = createHash('sha256').update(source).digest('hex');
    // The digest in the URL: an edited file is a new module, even within one process.
    const module = (await import(`${pathToFileURL(file).href}?sha256=${sha256}`)) as { default?: unknown };
    return { origin: { entry, file, sha256 }, exported: module.default };
  }
  const url = resolveModule(entry, pathToFileURL(pipelineFile).href);
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  const pkg = await findPackage(file, packageName(entry));
  const module = (await import(url)) as { default?: unknown };
  return { origin: { entry, file, ...(pkg ? { package: pkg } : {}) }, exported: module.default };
}

/** The package.json named `name` above a resolved file: its version enters the cache key. */
async function findPackage(file: string, name: string): Promise<{ name: string; version: string } | undefined> {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const json = await readFile(join(dir, 'package.json'), 'utf8').then((t) => JSON.parse(t) as { name?: string; version?: string }, () => undefined);
    if (json?.name === name) return { name, version: String(json.version ?? '0.0.0') };
    if (dirname(dir) === dir) return undefined;
  }
}

/** What of a plugin's origin enters its stages' cache keys (not its path: moving it keeps the cache). */
export function pluginKeyMaterial(origin: PluginOrigin): JsonObject {
  return origin.sha256 ? { sha256: origin.sha256 } : { package: origin.package?.name ?? origin.entry, version: origin.package?.version ?? '' };
}
