/**
 * Write-then-rename: readers see either the old file or the complete new one, never a prefix.
 * Shared by the content store and run records.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stateError } from './fs-errors.js';

/** Temp files are named `<pid>-<random>.tmp`, so concurrent writers never share one. */
export function tempName(): string {
  return `${process.pid}-${randomBytes(8).toString('hex')}.tmp`;
}

/**
 * Writes `data` to `target` atomically. `tmpDir` must be on the same file system as `target`
 * (rename across devices is a copy); callers keep it inside the state directory.
 *
 * The file is fsynced before the rename so a crash cannot leave a renamed-but-empty file. The
 * directory is not fsynced: after a power loss the rename may be lost, which only costs a
 * recomputation, never a wrong read. File-system failures (disk full, read-only, permissions)
 * are thrown as coded SeqpipeErrors naming the path.
 */
export async function writeAtomic(target: string, data: Uint8Array | string, tmpDir: string): Promise<void> {
  const tmp = join(tmpDir, tempName());
  try {
    await mkdir(tmpDir, { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(tmp, target);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw stateError(error, target);
  }
}

/**
 * POSIX rename replaces the target atomically even while others read it. Windows refuses to
 * replace a file another process has open (EPERM/EACCES/EBUSY) for a moment; retry briefly.
 */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const transient = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY';
      if (!transient || process.platform !== 'win32' || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 * (attempt + 1)));
    }
  }
}
