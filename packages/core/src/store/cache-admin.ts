/**
 * `seqpipe cache ls | verify | gc | clear`. What is kept and why is in ARCHITECTURE.md ("Cache
 * housekeeping"): objects any recorded run references, keys whose object is kept, and anything
 * written since the oldest live run started (run-locks.ts).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { listRunRecords } from '../runs/run-index.js';
import { listCheckpoints } from './checkpoints.js';
import { ContentStore, statePaths } from './content-store.js';
import { guardState, stateError } from './fs-errors.js';
import { liveRunLocks } from './run-locks.js';

export interface CachedObject {
  readonly digest: string;
  readonly bytes: number;
  readonly mtimeMs: number;
  readonly path: string;
  /** From the keys that point to it. */
  readonly kind?: string;
  readonly stages: readonly string[];
  /** Complete runs whose records name it. */
  readonly runs: number;
}

export interface CachedKey {
  readonly key: string;
  readonly digest: string;
  readonly path: string;
  readonly mtimeMs: number;
}

/** A resumable training's checkpoint: no run references it, so `gc` removes it unless a live run may be writing it. */
export interface CachedCheckpoint {
  readonly key: string;
  readonly digest?: string;
  readonly stage?: string;
  readonly uses?: string;
  readonly epoch?: number;
  readonly epochs?: number;
  readonly createdAt?: string;
  readonly bytes?: number;
  readonly path: string;
  readonly mtimeMs: number;
}

export interface CacheListing {
  readonly objects: readonly CachedObject[];
  readonly keys: readonly CachedKey[];
  readonly checkpoints: readonly CachedCheckpoint[];
  readonly bytes: number;
  readonly referencedBytes: number;
  readonly runs: number;
}

/** A folder's entries; none if it does not exist, the coded state error if it cannot be read. */
async function entries(dir: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw stateError(error, dir);
  });
}

async function files(dir: string): Promise<{ name: string; path: string; bytes: number; mtimeMs: number }[]> {
  const out: { name: string; path: string; bytes: number; mtimeMs: number }[] = [];
  for (const shard of await entries(dir)) {
    for (const name of await entries(join(dir, shard))) {
      const path = join(dir, shard, name);
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile()) out.push({ name, path, bytes: info.size, mtimeMs: info.mtimeMs });
    }
  }
  return out;
}

export async function listCache(stateDir: string, options: { readonly referencedSince?: number } = {}): Promise<CacheListing> {
  const paths = statePaths(stateDir);
  const records = await listRunRecords(stateDir);
  const refs = new Map<string, number>();
  for (const r of records) {
    if (options.referencedSince !== undefined && Date.parse(r.startedAt) < options.referencedSince) continue;
    for (const d of new Set(r.stages.flatMap((s) => (s.digest ? [s.digest] : [])))) refs.set(d, (refs.get(d) ?? 0) + 1);
  }
  const keys: CachedKey[] = [];
  const info = new Map<string, { kind: string; stages: Set<string> }>();
  for (const f of await files(paths.keys)) {
    const m = await readFile(f.path, 'utf8').then((t) => JSON.parse(t) as { digest?: string; kind?: string; stage?: string }).catch(() => undefined);
    if (!m?.digest) continue;
    keys.push({ key: f.name.replace(/\.json$/, ''), digest: m.digest, path: f.path, mtimeMs: f.mtimeMs });
    const entry = info.get(m.digest) ?? { kind: m.kind ?? '', stages: new Set<string>() };
    if (m.stage) entry.stages.add(m.stage);
    info.set(m.digest, entry);
  }
  const checkpoints = (await listCheckpoints(paths.checkpoints)).map((c): CachedCheckpoint => ({
    ...c, key: c.key ?? c.path.replace(/^.*\//, '').replace(/\.json$/, ''),
  }));
  for (const c of checkpoints) if (c.digest) info.set(c.digest, { kind: 'checkpoint', stages: new Set(c.stage ? [c.stage] : []) });
  const objects = (await files(paths.objects)).map((f): CachedObject => ({
    digest: f.name, bytes: f.bytes, mtimeMs: f.mtimeMs, path: f.path,
    ...(info.get(f.name)?.kind ? { kind: info.get(f.name)!.kind } : {}),
    stages: [...(info.get(f.name)?.stages ?? [])].sort(), runs: refs.get(f.name) ?? 0,
  }));
  const sum = (xs: readonly CachedObject[]): number => xs.reduce((a, o) => a + o.bytes, 0);
  return { objects, keys, checkpoints, bytes: sum(objects), referencedBytes: sum(objects.filter((o) => o.runs > 0)), runs: records.length };
}

/** Re-hashes every object; returns those whose bytes do not hash to their name. */
export async function verifyCache(stateDir: string): Promise<{ checked: number; bytes: number; corrupt: { digest: string; path: string }[] }> {
  const corrupt: { digest: string; path: string }[] = [];
  let bytes = 0;
  const objects = await files(statePaths(stateDir).objects);
  for (const f of objects) {
    const data = await readFile(f.path);
    bytes += data.byteLength;
    if (createHash('sha256').update(data).digest('hex') !== f.name) corrupt.push({ digest: f.name, path: f.path });
  }
  return { checked: objects.length, bytes, corrupt };
}

export interface GcOptions {
  /** Ignore run references: remove every object not protected by a live run. */
  readonly all?: boolean;
  /** Only runs started within this many days protect their objects. */
  readonly keepDays?: number;
  readonly dryRun?: boolean;
}

/** Counts what was removed (with `dryRun`, what would be): a file that could not be removed is an error, never counted. */
export interface GcResult {
  readonly removedObjects: number;
  readonly removedKeys: number;
  /** Checkpoints of trainings that are not running (killed or interrupted runs). */
  readonly removedCheckpoints: number;
  /** Temp files in <state>/tmp older than an hour, left by killed writers. */
  readonly removedTmp: number;
  readonly freedBytes: number;
  readonly keptObjects: number;
  readonly keptBytes: number;
  /** Objects and keys written after this time (ms) were kept because a live run may be writing them. */
  readonly liveSince?: number;
}

/**
 * Removes the file; false if it was already gone (another gc). Any other failure (a read-only
 * file system, no permission) is the coded state error naming the path (exit 1).
 */
async function remove(path: string, dryRun: boolean | undefined): Promise<boolean> {
  if (dryRun) return true;
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw stateError(error, path);
  }
}

export async function gcCache(stateDir: string, options: GcOptions = {}): Promise<GcResult> {
  const locks = await liveRunLocks(stateDir);
  // A second of slack for file-system timestamp granularity.
  const liveSince = locks.length ? Math.min(...locks.map((l) => l.startedAt)) - 1000 : undefined;
  const young = (mtimeMs: number): boolean => liveSince !== undefined && mtimeMs >= liveSince;
  const referencedSince = options.keepDays === undefined ? undefined : Date.now() - options.keepDays * 86_400_000;
  const listing = await listCache(stateDir, { referencedSince });
  const kept = new Set<string>();
  let removedObjects = 0, freedBytes = 0, keptBytes = 0;
  for (const o of listing.objects) {
    if (young(o.mtimeMs) || (!options.all && o.runs > 0)) {
      kept.add(o.digest);
      keptBytes += o.bytes;
      continue;
    }
    if (!(await remove(o.path, options.dryRun))) continue;
    removedObjects++;
    freedBytes += o.bytes;
  }
  let removedKeys = 0;
  for (const k of listing.keys) {
    if (young(k.mtimeMs) || kept.has(k.digest)) continue;
    if (await remove(k.path, options.dryRun)) removedKeys++;
  }
  // A checkpoint is orphaned unless a live run may still be writing it; its object went above.
  let removedCheckpoints = 0;
  for (const c of listing.checkpoints) {
    if (young(c.mtimeMs)) continue;
    if (await remove(c.path, options.dryRun)) removedCheckpoints++;
  }
  // Older than an hour, as every run's start cleans them: no live writer is that slow.
  const removedTmp = await new ContentStore(stateDir).cleanTmp(undefined, { dryRun: options.dryRun });
  return { removedObjects, removedKeys, removedCheckpoints, removedTmp, freedBytes, keptObjects: kept.size, keptBytes, ...(liveSince !== undefined ? { liveSince } : {}) };
}

/** Removes every object and key (except what live runs are writing) and the quarantined objects. Run records stay. */
export async function clearCache(stateDir: string): Promise<GcResult> {
  const result = await gcCache(stateDir, { all: true });
  const corrupt = statePaths(stateDir).corrupt;
  await guardState(corrupt, () => rm(corrupt, { recursive: true, force: true }));
  return result;
}
