/**
 * What planning and waiting for jobs need from the store: objects by digest and keys →
 * manifests. The scheduler and the queue runner use only this, so a backend other than a
 * directory (an object store) can be added behind it later; runJob still takes a ContentStore,
 * whose directory also holds trainer checkpoints. `ContentStore` (a directory, local or shared
 * over NFS) is the one implementation today.
 *
 * What an implementation must guarantee (the directory one gets it from temp file + fsync +
 * rename within one file system):
 * - a reader never sees part of an object or a manifest: whole new content or nothing;
 * - `getObject` returns only bytes whose sha256 is the digest (anything else reads as absent);
 * - a manifest is visible only after its object, and `getKey` reads as absent when the object is;
 * - writing the same digest or key twice, from any host, is harmless (the same bytes).
 */
import type { Manifest, ManifestInput } from './content-store.js';

export interface ObjectStore {
  putObject(bytes: Uint8Array): Promise<string>;
  /** The verified bytes, or undefined when absent or corrupt (the caller recomputes). */
  getObject(digest: string): Promise<Uint8Array | undefined>;
  hasObject(digest: string): Promise<boolean>;
  putKey(key: string, manifest: ManifestInput): Promise<Manifest>;
  /** The manifest, or undefined when absent or when its object is. */
  getKey(key: string): Promise<Manifest | undefined>;
}
