/**
 * Checkpoints of running jobs (resumable training). The bytes are an ordinary object, named by
 * their sha256 and verified on read like any other; a small manifest filed under the job's cache
 * key points at it:
 *   checkpoints/ab/<key>.json   { key, digest, stage, uses, epoch, epochs, createdAt, bytes }
 * Replacing one writes the new object, then the manifest (both atomically), then removes the old
 * object, so a kill at any moment leaves the old checkpoint, the new one, or an orphan object that
 * no run references (`cache gc` removes it). No run record names a checkpoint's object.
 */
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from './atomic-write.js';
import type { ContentStore } from './content-store.js';
import { stateError } from './fs-errors.js';

export interface CheckpointManifest {
  readonly key: string;
  readonly digest: string;
  readonly stage: string;
  readonly uses: string;
  /** Epochs done when it was written, of how many. */
  readonly epoch: number;
  readonly epochs: number;
  readonly createdAt: string;
  readonly bytes: number;
}

export type CheckpointRead =
  | { readonly status: 'ok'; readonly bytes: Uint8Array; readonly manifest: CheckpointManifest }
  | { readonly status: 'none' }
  /** Unusable: an unreadable manifest, or its object missing or failing its digest (moved aside). */
  | { readonly status: 'unusable'; readonly reason: string };

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

export function checkpointPath(store: ContentStore, key: string): string {
  // keyPath validates the key; checkpoints shard the same way under their own folder.
  store.keyPath(key);
  return join(store.paths.checkpoints, key.slice(0, 2), `${key}.json`);
}

async function readManifest(path: string): Promise<CheckpointManifest | 'none' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return 'none';
    throw stateError(error, path);
  }
  try {
    const m = JSON.parse(text) as CheckpointManifest;
    return typeof m.digest === 'string' && Number.isInteger(m.epoch) ? m : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

export async function readCheckpoint(store: ContentStore, key: string): Promise<CheckpointRead> {
  const path = checkpointPath(store, key);
  const manifest = await readManifest(path);
  if (manifest === 'none') return { status: 'none' };
  if (manifest === 'unreadable' || manifest.key !== key) {
    await unlink(path).catch(() => undefined);
    return { status: 'unusable', reason: 'has an unreadable manifest' };
  }
  const present = await store.hasObject(manifest.digest);
  const bytes = present ? await store.getObject(manifest.digest) : undefined;
  if (!bytes) {
    await unlink(path).catch(() => undefined);
    return { status: 'unusable', reason: present ? 'failed its digest check (moved to corrupt/)' : 'has lost its object' };
  }
  return { status: 'ok', bytes, manifest };
}

export async function writeCheckpoint(
  store: ContentStore, key: string, bytes: Uint8Array, info: Pick<CheckpointManifest, 'stage' | 'uses' | 'epoch' | 'epochs'>,
): Promise<CheckpointManifest> {
  const path = checkpointPath(store, key);
  const previous = await readManifest(path);
  const digest = await store.putObject(bytes);
  const manifest: CheckpointManifest = { key, digest, ...info, createdAt: new Date().toISOString(), bytes: bytes.byteLength };
  await writeAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`, store.paths.tmp);
  if (typeof previous === 'object' && previous.digest !== digest) await unlinkObject(store, previous.digest);
  return manifest;
}

/** Removes the job's checkpoint (manifest first, so it is never read without its object). */
export async function removeCheckpoint(store: ContentStore, key: string): Promise<void> {
  const path = checkpointPath(store, key);
  const manifest = await readManifest(path);
  if (manifest === 'none') return;
  try {
    await unlink(path);
  } catch (error) {
    if (!isMissing(error)) throw stateError(error, path);
  }
  if (typeof manifest === 'object') await unlinkObject(store, manifest.digest);
}

async function unlinkObject(store: ContentStore, digest: string): Promise<void> {
  if (!/^[0-9a-f]{64}$/.test(digest)) return;
  const path = store.objectPath(digest);
  try {
    await unlink(path);
  } catch (error) {
    if (!isMissing(error)) throw stateError(error, path);
  }
}

/** Every checkpoint manifest in a state dir (for `cache ls` and `gc`); unreadable ones have no digest. */
export async function listCheckpoints(checkpointsDir: string): Promise<(Partial<CheckpointManifest> & { path: string; mtimeMs: number })[]> {
  const out: (Partial<CheckpointManifest> & { path: string; mtimeMs: number })[] = [];
  for (const shard of await readdir(checkpointsDir).catch(() => [] as string[])) {
    for (const name of await readdir(join(checkpointsDir, shard)).catch(() => [] as string[])) {
      const path = join(checkpointsDir, shard, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      const m = await readManifest(path).catch(() => 'unreadable' as const);
      out.push({ ...(typeof m === 'object' ? m : {}), path, mtimeMs: info.mtimeMs });
    }
  }
  return out;
}
