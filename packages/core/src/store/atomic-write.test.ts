import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempName, writeAtomic } from './atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seqpipe-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SIZE = 300_000;
const version = (v: number): string => String.fromCharCode(65 + v).repeat(SIZE);

it('names temp files by pid and crypto randomness', () => {
  expect(tempName()).toMatch(new RegExp(`^${process.pid}-[0-9a-f]{16}\\.tmp$`));
  expect(tempName()).not.toBe(tempName());
});

it('creates parent folders and leaves no temp file', async () => {
  const target = join(dir, 'a', 'b', 'c.json');
  await writeAtomic(target, '{}\n', join(dir, 'tmp'));
  expect(await readFile(target, 'utf8')).toBe('{}\n');
  expect(await readdir(join(dir, 'tmp'))).toEqual([]);
});

it('readers racing many writers of one file see only complete versions', async () => {
  const target = join(dir, 'out', 'file');
  const tmp = join(dir, 'tmp');
  await writeAtomic(target, version(0), tmp);
  let writing = true;
  const seen = new Set<string>();
  const readers = Array.from({ length: 2 }, async () => {
    while (writing) {
      const text = await readFile(target, 'utf8');
      seen.add(`${text.length}:${new Set(text).size}`);
    }
  });
  for (let round = 0; round < 5; round++) {
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeAtomic(target, version(i % 26), tmp)));
  }
  writing = false;
  await Promise.all(readers);
  expect(seen).toEqual(new Set([`${SIZE}:1`])); // never empty, never a prefix, never a mix
  expect(await readdir(tmp)).toEqual([]);
});

it('removes its temp file when the rename fails', async () => {
  // A non-empty directory cannot be replaced by a file: rename fails after the temp file was written.
  await mkdir(join(dir, 'folder', 'inside'), { recursive: true });
  await expect(writeAtomic(join(dir, 'folder'), 'x', join(dir, 'tmp'))).rejects.toHaveProperty('code');
  expect(await readdir(join(dir, 'tmp'))).toEqual([]);
});
