/**
 * The cache on disk:
 *   objects/ab/abcdef…     blob named by the sha256 of its bytes
 *   keys/ab/<key>.json     manifest: cache key → output digest
 *   tmp/                   temp files of in-flight writes
 *   corrupt/               objects that failed their digest check, kept for inspection
 *   checkpoints/ab/<key>.json  a running job's last checkpoint → its object (store/checkpoints.ts)
 *   runs/<runId>/          run records (runs/run-record.ts)
 *
 * Why concurrent runs need no lock: an object's name is its content, so two writers of the same
 * name write the same bytes and either rename may win. A key maps the same inputs to an output
 * that is equal by construction (or, for numeric stages, equally valid); last rename wins and both
 * manifests point to objects that exist. Every write is temp file + fsync + rename, so a reader
 * (or a killed writer) never sees a partial file; a manifest is written only after its object.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from './atomic-write.js';
import { guardState, stateError } from './fs-errors.js';
import type { ObjectStore } from './object-store.js';

/** A cache key's entry: which object the stage produced, and what it is. */
export interface Manifest {
  readonly key: string;
  readonly digest: string;
  /** Artifact kind, e.g. 'series'. */
  readonly kind: string;
  readonly uses: string;
  /** Stage id that first produced it (informational: other pipelines may share the key). */
  readonly stage: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly bytes: number;
}

export type ManifestInput = Omit<Manifest, 'key' | 'createdAt'> & { readonly createdAt?: string };

export interface StoreStats {
  readonly objects: number;
  readonly bytes: number;
}

export interface ContentStoreOptions {
  /** Called when an object fails its digest check and is moved aside (for E_CACHE_CORRUPT warnings). */
  readonly onCorrupt?: (digest: string, movedTo: string) => void;
}

export interface StatePaths {
  readonly root: string;
  readonly objects: string;
  readonly keys: string;
  readonly tmp: string;
  readonly corrupt: string;
  readonly runs: string;
  readonly checkpoints: string;
}

export function statePaths(stateDir: string): StatePaths {
  return {
    root: stateDir,
    objects: join(stateDir, 'objects'),
    keys: join(stateDir, 'keys'),
    tmp: join(stateDir, 'tmp'),
    corrupt: join(stateDir, 'corrupt'),
    runs: join(stateDir, 'runs'),
    checkpoints: join(stateDir, 'checkpoints'),
  };
}

const DIGEST = /^[0-9a-f]{64}$/;
/** Keys become file names: no separators, no leading dot. */
const KEY = /^[0-9A-Za-z][0-9A-Za-z._-]{1,127}$/;
const DEFAULT_TMP_AGE_MS = 60 * 60 * 1000;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

export class ContentStore implements ObjectStore {
  readonly paths: StatePaths;

  constructor(
    readonly stateDir: string,
    private readonly options: ContentStoreOptions = {},
  ) {
    this.paths = statePaths(stateDir);
  }

  objectPath(digest: string): string {
    if (!DIGEST.test(digest)) throw new TypeError(`not a sha256 hex digest: "${digest}"`);
    return join(this.paths.objects, digest.slice(0, 2), digest);
  }

  keyPath(key: string): string {
    if (!KEY.test(key)) throw new TypeError(`invalid cache key: "${key}"`);
    return join(this.paths.keys, key.slice(0, 2), `${key}.json`);
  }

  async putObject(bytes: Uint8Array): Promise<string> {
    const digest = sha256(bytes);
    const path = this.objectPath(digest);
    // Same name means same content; a same-size impostor is caught by the check on read.
    const existing = await stat(path).catch(() => undefined);
    if (existing?.isFile() && existing.size === bytes.byteLength) return digest;
    await writeAtomic(path, bytes, this.paths.tmp);
    return digest;
  }

  /** The object's bytes, or undefined if absent or corrupt (the caller recomputes). */
  async getObject(digest: string): Promise<Uint8Array | undefined> {
    const path = this.objectPath(digest);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw stateError(error, path);
    }
    if (sha256(bytes) === digest) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await this.quarantine(digest, path);
    return undefined;
  }

  async hasObject(digest: string): Promise<boolean> {
    const info = await stat(this.objectPath(digest)).catch(() => undefined);
    return info?.isFile() ?? false;
  }

  /** Write the object first: a manifest pointing at a missing object reads as absent. */
  async putKey(key: string, manifest: ManifestInput): Promise<Manifest> {
    const full: Manifest = { ...manifest, key, createdAt: manifest.createdAt ?? new Date().toISOString() };
    if (!isManifest(full, key)) throw new TypeError(`invalid manifest for key "${key}"`);
    await writeAtomic(this.keyPath(key), `${JSON.stringify(full, null, 2)}\n`, this.paths.tmp);
    return full;
  }

  async getKey(key: string): Promise<Manifest | undefined> {
    const path = this.keyPath(key);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw stateError(error, path);
    }
    let manifest: unknown;
    try {
      manifest = JSON.parse(text);
    } catch {
      manifest = undefined;
    }
    if (!isManifest(manifest, key)) {
      // Atomic writes cannot produce this; it was damaged outside seqpipe. Drop it and recompute.
      await unlink(path).catch(() => undefined);
      return undefined;
    }
    return (await this.hasObject(manifest.digest)) ? manifest : undefined;
  }

  /**
   * Removes temp files older than `olderThanMs` (left by killed writers) and returns how many it
   * removed (with `dryRun`, would remove). Do not pass a small age while other runs may be
   * writing: their in-flight temp files would be removed under them.
   */
  async cleanTmp(olderThanMs: number = DEFAULT_TMP_AGE_MS, options: { readonly dryRun?: boolean } = {}): Promise<number> {
    const names = await readdir(this.paths.tmp).catch((error: unknown) => {
      if (isMissing(error)) return [] as string[];
      throw stateError(error, this.paths.tmp);
    });
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of names) {
      const path = join(this.paths.tmp, name);
      const info = await stat(path).catch(() => undefined);
      if (!info || info.mtimeMs > cutoff) continue;
      if (options.dryRun) {
        removed++;
        continue;
      }
      try {
        await unlink(path);
        removed++;
      } catch (error) {
        if (!isMissing(error)) throw stateError(error, path);
      }
    }
    return removed;
  }

  async stats(): Promise<StoreStats> {
    let objects = 0;
    let bytes = 0;
    const shards = await readdir(this.paths.objects).catch(() => [] as string[]);
    for (const shard of shards) {
      const names = await readdir(join(this.paths.objects, shard)).catch(() => [] as string[]);
      for (const name of names) {
        const info = await stat(join(this.paths.objects, shard, name)).catch(() => undefined);
        if (!info?.isFile()) continue;
        objects++;
        bytes += info.size;
      }
    }
    return { objects, bytes };
  }

  /**
   * Moves a corrupt object aside rather than deleting it, so it can be inspected. If another
   * process moved or replaced it first, the worst case is one spurious miss, never a wrong read.
   */
  private async quarantine(digest: string, path: string): Promise<void> {
    await guardState(this.paths.corrupt, () => mkdir(this.paths.corrupt, { recursive: true }));
    const movedTo = join(this.paths.corrupt, `${digest}-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await rename(path, movedTo);
    } catch (error) {
      if (isMissing(error)) return;
      throw stateError(error, path);
    }
    this.options.onCorrupt?.(digest, movedTo);
  }
}

function isManifest(value: unknown, key: string): value is Manifest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    m['key'] === key &&
    typeof m['digest'] === 'string' &&
    DIGEST.test(m['digest']) &&
    typeof m['kind'] === 'string' &&
    typeof m['uses'] === 'string' &&
    typeof m['stage'] === 'string' &&
    typeof m['createdAt'] === 'string' &&
    typeof m['bytes'] === 'number'
  );
}
