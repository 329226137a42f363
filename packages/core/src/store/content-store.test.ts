import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentStore } from './content-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seqpipe-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const manifest = (digest: string, size: number) => ({ digest, kind: 'series', uses: 'source/sine', stage: 'data', bytes: size });

describe('objects', () => {
  it('round-trips bytes under objects/<2 hex>/<sha256>, creating the state dir on demand', async () => {
    const store = new ContentStore(join(dir, 'state'));
    const data = bytes('hello seqpipe');
    const digest = await store.putObject(data);
    expect(digest).toBe(sha(data));
    expect(await readFile(join(dir, 'state', 'objects', digest.slice(0, 2), digest))).toEqual(Buffer.from(data));
    expect(await store.getObject(digest)).toEqual(data);
    expect(await store.hasObject(digest)).toBe(true);
    expect(await store.getObject(sha(bytes('other')))).toBeUndefined();
    expect(await store.hasObject(sha(bytes('other')))).toBe(false);
    expect(await readdir(store.paths.tmp)).toEqual([]);
  });

  it('skips rewriting an object that already exists with the right size', async () => {
    const store = new ContentStore(dir);
    const digest = await store.putObject(bytes('same'));
    const before = await stat(store.objectPath(digest));
    await store.putObject(bytes('same'));
    expect((await stat(store.objectPath(digest))).ino).toBe(before.ino); // a rename would change it
  });

  it('verifies the digest on read: a flipped byte reads as absent and the file is moved aside', async () => {
    const onCorrupt = vi.fn();
    const store = new ContentStore(dir, { onCorrupt });
    const data = bytes('precious artifact bytes');
    const digest = await store.putObject(data);
    const path = store.objectPath(digest);
    const damaged = Buffer.from(data);
    damaged[3] = damaged[3]! ^ 0xff;
    await writeFile(path, damaged);

    expect(await store.getObject(digest)).toBeUndefined();
    expect(await store.hasObject(digest)).toBe(false);
    const aside = await readdir(join(dir, 'corrupt'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dir, 'corrupt', aside[0]!))).toEqual(damaged);
    expect(onCorrupt).toHaveBeenCalledWith(digest, join(dir, 'corrupt', aside[0]!));

    // The executor recomputes and stores again.
    await store.putObject(data);
    expect(await store.getObject(digest)).toEqual(data);
  });

  it('rejects digests and keys that are not safe file names', () => {
    const store = new ContentStore(dir);
    expect(() => store.objectPath('../../etc/passwd')).toThrow(TypeError);
    expect(() => store.objectPath('ABC')).toThrow(TypeError);
    expect(() => store.keyPath('../x')).toThrow(TypeError);
    expect(() => store.keyPath('.hidden')).toThrow(TypeError);
  });
});

describe('keys', () => {
  it('round-trips a manifest under keys/<2>/<key>.json with key and createdAt filled', async () => {
    const store = new ContentStore(dir);
    const data = bytes('out');
    const digest = await store.putObject(data);
    const key = sha(bytes('key input'));
    const written = await store.putKey(key, manifest(digest, data.byteLength));
    expect(written).toMatchObject({ key, digest, kind: 'series', bytes: data.byteLength });
    expect(Number.isNaN(Date.parse(written.createdAt))).toBe(false);
    expect(await store.getKey(key)).toEqual(written);
    const onDisk = await readFile(join(dir, 'keys', key.slice(0, 2), `${key}.json`), 'utf8');
    expect(JSON.parse(onDisk)).toEqual(written);
    expect(await store.getKey(sha(bytes('unknown')))).toBeUndefined();
  });

  it('treats a key whose object vanished as absent', async () => {
    const store = new ContentStore(dir);
    const digest = await store.putObject(bytes('gone soon'));
    await store.putKey('k1', manifest(digest, 9));
    await unlink(store.objectPath(digest));
    expect(await store.getKey('k1')).toBeUndefined();
  });

  it('treats a key whose object is corrupt as absent after the object is read', async () => {
    const store = new ContentStore(dir);
    const digest = await store.putObject(bytes('soon corrupt'));
    await store.putKey('k1', manifest(digest, 12));
    await writeFile(store.objectPath(digest), 'soon c0rrupt');
    expect(await store.getObject(digest)).toBeUndefined();
    expect(await store.getKey('k1')).toBeUndefined();
  });

  it('removes a manifest that does not parse or does not match its key, and reports it absent', async () => {
    const store = new ContentStore(dir);
    const digest = await store.putObject(bytes('x'));
    await store.putKey('k1', manifest(digest, 1));
    await store.putKey('k2', manifest(digest, 1));
    await writeFile(store.keyPath('k1'), '{"key": "k1", "dig');
    await writeFile(store.keyPath('k2'), JSON.stringify({ ...manifest(digest, 1), key: 'k3', createdAt: 'now' }));
    expect(await store.getKey('k1')).toBeUndefined();
    expect(await store.getKey('k2')).toBeUndefined();
    await expect(stat(store.keyPath('k1'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(store.keyPath('k2'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to write an invalid manifest', async () => {
    const store = new ContentStore(dir);
    await expect(store.putKey('k1', manifest('not-a-digest', 1))).rejects.toThrow(TypeError);
  });
});

describe('temp files', () => {
  it('ignores a leftover temp file from a killed writer and cleanTmp removes only stale ones', async () => {
    const store = new ContentStore(dir);
    const data = bytes('complete object');
    const digest = await store.putObject(data);
    // A writer killed mid-write leaves a truncated temp file; the object name is never touched.
    const stale = join(store.paths.tmp, '99999-deadbeef.tmp');
    const fresh = join(store.paths.tmp, '99999-cafebabe.tmp');
    await writeFile(stale, data.subarray(0, 5));
    await writeFile(fresh, data.subarray(0, 5));
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(stale, hourAgo, hourAgo);

    expect(await store.getObject(digest)).toEqual(data);
    expect(await store.cleanTmp(60_000)).toBe(1);
    expect(await readdir(store.paths.tmp)).toEqual(['99999-cafebabe.tmp']);
    expect(await new ContentStore(join(dir, 'empty')).cleanTmp(0)).toBe(0);
  });

  it('counts objects and bytes', async () => {
    const store = new ContentStore(dir);
    expect(await store.stats()).toEqual({ objects: 0, bytes: 0 });
    await store.putObject(bytes('abc'));
    await store.putObject(bytes('defgh'));
    await store.putObject(bytes('abc'));
    expect(await store.stats()).toEqual({ objects: 2, bytes: 8 });
  });
});
