/**
 * `seqpipe status`: for each stage, would it be a cache hit, and if not, what changed in its key
 * against the most recent recorded run of that stage. Nothing runs: keys are computed from the
 * digests of upstream hits; a stage below a miss cannot know its input digest, so it reports
 * "upstream X will re-run". Numeric stages ask the environment, which answers from backend.json
 * without loading TensorFlow.
 */
import { isDeepStrictEqual } from 'node:util';
import type { NumericEnvironment } from '../contract.js';
import type { JsonValue } from '../json.js';
import { hashKeyMaterial, keyMaterial, type KeyMaterial } from '../plan/cache-key.js';
import { deriveSeed } from '../random/rng.js';
import type { ResolvedPipeline } from '../spec/resolved-pipeline.js';
import type { ContentStore } from '../store/content-store.js';
import type { RunRecord, StageRecord } from './run-record.js';

export type Change =
  | { readonly kind: 'param'; readonly path: string; readonly from?: JsonValue; readonly to?: JsonValue }
  | { readonly kind: 'plugin'; readonly from: string; readonly to: string }
  | { readonly kind: 'plugin-version'; readonly from: string; readonly to: string }
  | { readonly kind: 'upstream-changed'; readonly stage: string; readonly port: string }
  | { readonly kind: 'upstream-rerun'; readonly stage: string }
  | { readonly kind: 'seed'; readonly from?: number; readonly to?: number }
  /** The stage's external content (its `fingerprint`, e.g. a CSV file's digest) changed. */
  | { readonly kind: 'input-file' }
  | { readonly kind: 'env'; readonly from?: string; readonly to?: string }
  | { readonly kind: 'key-version'; readonly from: number; readonly to: number }
  /** The key is unchanged but its output is no longer in the store (cleared or collected). */
  | { readonly kind: 'evicted' }
  /** No recorded run of this stage to compare with. */
  | { readonly kind: 'never-run' };

export interface StageStatusEntry {
  readonly id: string;
  readonly uses: string;
  readonly hit: boolean;
  /** Known when every input is a hit. */
  readonly key?: string;
  /** The run whose record of this stage the changes are measured against. */
  readonly comparedWith?: string;
  readonly changes: readonly Change[];
}

export interface StatusOptions {
  readonly store: ContentStore;
  readonly env: NumericEnvironment;
  /** Complete run records, newest first (listRunRecords). */
  readonly runs: readonly RunRecord[];
}

export async function stageStatus(pipeline: ResolvedPipeline, { store, env, runs }: StatusOptions): Promise<StageStatusEntry[]> {
  const digests = new Map<string, string>();
  const misses = new Set<string>();
  const out: StageStatusEntry[] = [];
  for (const s of pipeline.stages) {
    const rerun = Object.values(s.inputs).filter((ref) => misses.has(ref));
    if (rerun.length) {
      misses.add(s.id);
      out.push({ id: s.id, uses: s.uses, hit: false, changes: [...new Set(rerun)].map((stage) => ({ kind: 'upstream-rerun', stage })) });
      continue;
    }
    const material = keyMaterial({
      definition: s.definition,
      params: s.params,
      inputDigests: Object.fromEntries(Object.entries(s.inputs).map(([port, ref]) => [port, digests.get(ref)!])),
      seed: deriveSeed(s.seed ?? pipeline.seed, s.base ?? s.id),
      env: s.definition.numeric ? await env.describe() : undefined,
      external: s.definition.fingerprint ? await s.definition.fingerprint(s.params, { pipelineDir: pipeline.dir }) : undefined,
    });
    const key = hashKeyMaterial(material);
    const manifest = await store.getKey(key);
    if (manifest) {
      digests.set(s.id, manifest.digest);
      out.push({ id: s.id, uses: s.uses, hit: true, key, changes: [] });
      continue;
    }
    misses.add(s.id);
    const previous = lastRunOf(runs, pipeline.name, s.id);
    if (!previous) {
      out.push({ id: s.id, uses: s.uses, hit: false, key, changes: [{ kind: 'never-run' }] });
      continue;
    }
    const changes = diffMaterial(previous.stage.keyMaterial!, material, s.inputs);
    out.push({ id: s.id, uses: s.uses, hit: false, key, comparedWith: previous.runId, changes: changes.length ? changes : [{ kind: 'evicted' }] });
  }
  return out;
}

/** The newest run (same pipeline name first, then any) with a keyed record of this stage id. */
function lastRunOf(runs: readonly RunRecord[], pipeline: string, stageId: string): { runId: string; stage: StageRecord } | undefined {
  const find = (sameName: boolean) => {
    for (const r of runs) {
      if (sameName && r.pipeline.name !== pipeline) continue;
      const stage = r.stages.find((st) => st.id === stageId && st.keyMaterial);
      if (stage) return { runId: r.runId, stage };
    }
    return undefined;
  };
  return find(true) ?? find(false);
}

export function diffMaterial(before: KeyMaterial, after: KeyMaterial, inputs: Readonly<Record<string, string>> = {}): Change[] {
  const changes: Change[] = [];
  if (before.keyVersion !== after.keyVersion) changes.push({ kind: 'key-version', from: before.keyVersion, to: after.keyVersion });
  if (before.uses !== after.uses) changes.push({ kind: 'plugin', from: before.uses, to: after.uses });
  else if (before.pluginVersion !== after.pluginVersion) changes.push({ kind: 'plugin-version', from: before.pluginVersion, to: after.pluginVersion });
  changes.push(...jsonDiff(before.params, after.params).map((d): Change => ({ kind: 'param', ...d })));
  for (const port of new Set([...Object.keys(before.inputs), ...Object.keys(after.inputs)])) {
    if (before.inputs[port] !== after.inputs[port]) changes.push({ kind: 'upstream-changed', stage: inputs[port] ?? port, port });
  }
  if (before.external !== after.external) changes.push({ kind: 'input-file' });
  if (before.seed !== after.seed) changes.push({ kind: 'seed', from: before.seed, to: after.seed });
  const envOf = (m: KeyMaterial): string | undefined => (m.env ? `${m.env.backend} (tfjs ${m.env.tfjs})` : undefined);
  if (envOf(before) !== envOf(after)) changes.push({ kind: 'env', from: envOf(before), to: envOf(after) });
  return changes;
}

export interface JsonChange {
  /** Dotted path, e.g. `layers.0.cell`. */
  readonly path: string;
  readonly from?: JsonValue;
  readonly to?: JsonValue;
}

/** Leaf-level differences between two JSON values (arrays of equal length compared by element). */
export function jsonDiff(a: unknown, b: unknown, path: readonly (string | number)[] = []): JsonChange[] {
  if (isDeepStrictEqual(a, b)) return [];
  const bothObjects = typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && Array.isArray(a) === Array.isArray(b);
  if (bothObjects && (!Array.isArray(a) || (a as unknown[]).length === (b as unknown[]).length)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    return [...keys].sort().flatMap((k) => jsonDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...path, k]));
  }
  return [{ path: path.join('.'), ...(a === undefined ? {} : { from: a as JsonValue }), ...(b === undefined ? {} : { to: b as JsonValue }) }];
}

/** One line per change, for the terminal: `param epochs 50 → 20`, `upstream scaled will re-run`. */
export function describeChange(c: Change): string {
  const v = (x: unknown): string => (x === undefined ? '(unset)' : JSON.stringify(x));
  switch (c.kind) {
    case 'param': return `param ${c.path} ${v(c.from)} → ${v(c.to)}`;
    case 'plugin': return `plugin ${c.from} → ${c.to}`;
    case 'plugin-version': return `plugin version ${c.from} → ${c.to}`;
    case 'upstream-changed': return `upstream ${c.stage} changed (input "${c.port}" has other content)`;
    case 'upstream-rerun': return `upstream ${c.stage} will re-run`;
    case 'input-file': return 'input file changed (its content digest differs)';
    case 'seed': return `seed ${v(c.from)} → ${v(c.to)}`;
    case 'env': return `backend ${c.from ?? '(none)'} → ${c.to ?? '(none)'}`;
    case 'key-version': return `cache key format ${c.from} → ${c.to}`;
    case 'evicted': return 'same key, but its output is no longer in the cache (cleared or collected)';
    case 'never-run': return 'no recorded run of this stage to compare with';
  }
}
