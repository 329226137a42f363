import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBytes } from '../artifacts/envelope.js';
import { jobCheckpoints } from '../execute/job-checkpoints.js';
import type { JobSpec } from '../plan/jobs.js';
import { gcCache, listCache } from './cache-admin.js';
import { checkpointPath, readCheckpoint, removeCheckpoint, writeCheckpoint } from './checkpoints.js';
import { ContentStore } from './content-store.js';
import { acquireRunLock } from './run-locks.js';

let dir: string;
let store: ContentStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seqpipe-ckpt-'));
  store = new ContentStore(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const KEY = 'a'.repeat(64);
const info = (epoch: number) => ({ stage: 'train', uses: 'trainer/tfjs', epoch, epochs: 10 });
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const objectCount = async (): Promise<number> => (await listCache(dir)).objects.length;

describe('checkpoints in the store', () => {
  it('round-trip under checkpoints/<2 hex>/<key>.json → an object; a newer one replaces the older and its object', async () => {
    const first = await writeCheckpoint(store, KEY, bytes('epoch 2'), info(2));
    expect(checkpointPath(store, KEY)).toBe(join(dir, 'checkpoints', 'aa', `${KEY}.json`));
    const second = await writeCheckpoint(store, KEY, bytes('epoch 4'), info(4));
    expect(await store.hasObject(first.digest)).toBe(false);
    const read = await readCheckpoint(store, KEY);
    expect(read).toMatchObject({ status: 'ok', manifest: { digest: second.digest, epoch: 4, epochs: 10, stage: 'train' } });
    expect(read.status === 'ok' && Buffer.from(read.bytes).toString()).toBe('epoch 4');
    await removeCheckpoint(store, KEY);
    expect(await readCheckpoint(store, KEY)).toEqual({ status: 'none' });
    expect(await objectCount()).toBe(0);
  });

  it('a checkpoint whose object fails its digest is never served: unusable, the object moved to corrupt/', async () => {
    const m = await writeCheckpoint(store, KEY, bytes('epoch 2 weights'), info(2));
    await writeFile(store.objectPath(m.digest), 'epoch 2 weightz');
    expect(await readCheckpoint(store, KEY)).toMatchObject({ status: 'unusable', reason: expect.stringContaining('digest') });
    expect(await readdir(join(dir, 'corrupt'))).toHaveLength(1);
    // The manifest went too: the next read finds nothing.
    expect(await readCheckpoint(store, KEY)).toEqual({ status: 'none' });
  });

  it('an unreadable manifest or a lost object is unusable', async () => {
    await writeCheckpoint(store, KEY, bytes('x'), info(2));
    await writeFile(checkpointPath(store, KEY), '{"digest": ');
    expect(await readCheckpoint(store, KEY)).toMatchObject({ status: 'unusable' });
    const m = await writeCheckpoint(store, KEY, bytes('y'), info(2));
    await rm(store.objectPath(m.digest));
    expect(await readCheckpoint(store, KEY)).toMatchObject({ status: 'unusable', reason: expect.stringContaining('lost') });
  });

  it('cache ls lists them with no run referencing them; gc removes them and their objects', async () => {
    const m = await writeCheckpoint(store, KEY, bytes('epoch 2'), info(2));
    const listing = await listCache(dir);
    expect(listing.checkpoints).toMatchObject([{ key: KEY, digest: m.digest, stage: 'train', epoch: 2, epochs: 10 }]);
    expect(listing.objects).toMatchObject([{ digest: m.digest, kind: 'checkpoint', stages: ['train'], runs: 0 }]);
    expect(await gcCache(dir, { dryRun: true })).toMatchObject({ removedCheckpoints: 1, removedObjects: 1 });
    expect(await gcCache(dir)).toMatchObject({ removedCheckpoints: 1, removedObjects: 1 });
    expect(await readCheckpoint(store, KEY)).toEqual({ status: 'none' });
    expect(await objectCount()).toBe(0);
  });

  it('gc spares a checkpoint a live run may be writing', async () => {
    await writeCheckpoint(store, KEY, bytes('epoch 2'), info(2));
    // This process is the live run, started a minute ago.
    await acquireRunLock(dir, 'r1', Date.now() - 60_000);
    expect(await gcCache(dir)).toMatchObject({ removedCheckpoints: 0, removedObjects: 0 });
    // Older than the live run: orphaned.
    const old = new Date(Date.now() - 120_000);
    await utimes(checkpointPath(store, KEY), old, old);
    expect(await gcCache(dir)).toMatchObject({ removedCheckpoints: 1, removedObjects: 0 });
  });
});

describe('a job\'s checkpoints (StageCheckpoints)', () => {
  const job = { key: KEY, stage: 'train', uses: 'trainer/tfjs' } as JobSpec;
  const logged: string[] = [];
  const events = { log: (level: string, m: string) => void logged.push(`${level}: ${m}`) };
  beforeEach(() => void (logged.length = 0));

  it('saves and loads the envelope, naming the job key; resumed() reports', async () => {
    let resumed: unknown;
    const c = jobCheckpoints(store, job, events, (r) => (resumed = r));
    await c.save({ header: { epoch: 2 }, buffers: [new Uint8Array([1, 2, 3])] }, { epoch: 2, epochs: 10 });
    const back = await c.load();
    expect(back?.header).toMatchObject({ kind: 'checkpoint', key: KEY, epoch: 2 });
    expect([...back!.buffers[0]!]).toEqual([1, 2, 3]);
    c.resumed(2, 10);
    expect(resumed).toEqual({ epoch: 2, epochs: 10 });
    expect(logged).toEqual(['info: resuming train from epoch 2/10 (its checkpoint)']);
  });

  it('a corrupt checkpoint is ignored with a W_CHECKPOINT_IGNORED note, never served', async () => {
    const c = jobCheckpoints(store, job, events, () => undefined);
    await c.save({ header: { epoch: 2 }, buffers: [new Uint8Array(64)] }, { epoch: 2, epochs: 10 });
    const manifest = JSON.parse(await readFile(checkpointPath(store, KEY), 'utf8')) as { digest: string };
    const path = store.objectPath(manifest.digest);
    const damaged = await readFile(path);
    damaged[damaged.length - 1] ^= 0xff;
    await writeFile(path, damaged);
    expect(await c.load()).toBeUndefined();
    expect(logged).toEqual([expect.stringMatching(/^warn: W_CHECKPOINT_IGNORED .*digest/)]);
  });

  it('a checkpoint filed under this key but written for another is ignored', async () => {
    const other = toBytes({ header: { kind: 'checkpoint', key: 'b'.repeat(64) }, buffers: [] });
    await writeCheckpoint(store, KEY, other, info(2));
    expect(await jobCheckpoints(store, job, events, () => undefined).load()).toBeUndefined();
    expect(logged).toEqual([expect.stringMatching(/^warn: W_CHECKPOINT_IGNORED .*another job/)]);
  });
});
