/**
 * Live-run markers for cache housekeeping: every run holds `<state>/locks/<runId>.json` (its pid
 * and start time) while it executes. `cache gc`/`clear` never delete an object or key written
 * after the start of the oldest live run, so nothing a concurrent run is writing can go. A lock
 * whose process is gone (a killed run) is stale and ignored.
 */
import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RunLock {
  readonly runId: string;
  readonly pid: number;
  /** Epoch milliseconds. */
  readonly startedAt: number;
}

const locksDir = (stateDir: string): string => join(stateDir, 'locks');

export async function acquireRunLock(stateDir: string, runId: string, startedAt: number): Promise<() => Promise<void>> {
  await mkdir(locksDir(stateDir), { recursive: true });
  const path = join(locksDir(stateDir), `${runId}.json`);
  const lock: RunLock = { runId, pid: process.pid, startedAt };
  await writeFile(path, JSON.stringify(lock));
  return () => unlink(path).catch(() => undefined);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Locks of runs whose process is still alive. */
export async function liveRunLocks(stateDir: string): Promise<RunLock[]> {
  const names = await readdir(locksDir(stateDir)).catch(() => [] as string[]);
  const locks: RunLock[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const lock = await readFile(join(locksDir(stateDir), name), 'utf8').then((t) => JSON.parse(t) as RunLock).catch(() => undefined);
    if (lock && typeof lock.pid === 'number' && alive(lock.pid)) locks.push(lock);
  }
  return locks;
}
