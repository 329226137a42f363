/**
 * Several processes writing into one state directory at once, with no lock. The children run the
 * current sources, transpiled here (Node 20 cannot import .ts), so no prior build is needed.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { transformWithOxc } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ContentStore } from './content-store.js';

const run = promisify(execFile);
const CHILDREN = 4;
const SHARED = 12;

/**
 * What each writer does, as plain JS so children and this process run the same code. Shared
 * payloads are written by every writer and are big enough for the writes to overlap.
 */
const WORKER = `
export const SHARED = ${SHARED}, UNIQUE = 8;
export const shared = (i) => Buffer.alloc(200_000 + i, 'shared-' + i + '|');
export const unique = (writer, i) => Buffer.alloc(50_000 + i, writer + '-' + i + '|');
export async function work(store, writer, startAt) {
  while (Date.now() < startAt) await new Promise((r) => setTimeout(r, 5));
  const jobs = [];
  for (let i = 0; i < SHARED; i++) {
    const data = shared(i);
    jobs.push(store.putObject(data).then(async (digest) => {
      // Others may be rewriting this object right now; a reader must still see all of it.
      const read = await store.getObject(digest);
      if (read?.byteLength !== data.byteLength) throw new Error('read a partial object ' + digest);
      await store.putKey('shared-key-' + i, { digest, kind: 'blob', uses: 'test/w', stage: writer, bytes: data.byteLength });
    }));
  }
  for (let i = 0; i < UNIQUE; i++) jobs.push(store.putObject(unique(writer, i)));
  await Promise.all(jobs);
}
/** Writes big objects until killed. */
export async function churn(store) {
  for (let i = 0; ; i++) await store.putObject(Buffer.alloc(8_000_000 + i, 'churn-' + i + '|'));
}
`;
interface Worker {
  readonly SHARED: number;
  readonly UNIQUE: number;
  shared(i: number): Uint8Array;
  unique(writer: string, i: number): Uint8Array;
  work(store: ContentStore, writer: string, startAt: number): Promise<void>;
}
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

let root: string;
let moduleUrl: string;
let workerUrl: string;
let worker: Worker;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'seqpipe-concurrent-'));
  const out = join(root, 'compiled', 'store');
  await mkdir(join(root, 'compiled', 'errors'), { recursive: true });
  await mkdir(out);
  // The store and what it imports (its errno → coded-error mapping), keeping relative paths.
  for (const name of ['store/atomic-write', 'store/content-store', 'store/fs-errors', 'errors/codes', 'errors/seqpipe-error']) {
    const source = fileURLToPath(new URL(`../${name}.ts`, import.meta.url));
    const { code } = await transformWithOxc(await readFile(source, 'utf8'), source);
    await writeFile(join(root, 'compiled', `${name}.js`), code);
  }
  moduleUrl = pathToFileURL(join(out, 'content-store.js')).href;
  await writeFile(join(out, 'worker.mjs'), WORKER);
  workerUrl = pathToFileURL(join(out, 'worker.mjs')).href;
  worker = (await import(workerUrl)) as Worker;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

it('leaves only valid objects and keys when processes and promises write the same names at once', async () => {
  const stateDir = join(root, 'state');
  const startAt = Date.now() + 1500; // children need a moment to boot; all begin together
  const script = `
    const { ContentStore } = await import(process.argv[1]);
    const { work } = await import(process.argv[2]);
    await work(new ContentStore(process.argv[3]), process.argv[4], Number(process.argv[5]));`;
  const children = Array.from({ length: CHILDREN }, (_, c) =>
    run(process.execPath, ['--input-type=module', '-e', script, moduleUrl, workerUrl, stateDir, `child${c}`, String(startAt)]));
  const local = ['local0', 'local1'].map((w) => worker.work(new ContentStore(stateDir), w, startAt));
  await Promise.all([...children, ...local]);

  const writers = [...Array.from({ length: CHILDREN }, (_, c) => `child${c}`), 'local0', 'local1'];
  const expected = new Set<string>();
  for (let i = 0; i < SHARED; i++) expected.add(sha(worker.shared(i)));
  for (const w of writers) for (let i = 0; i < worker.UNIQUE; i++) expected.add(sha(worker.unique(w, i)));

  // Every object on disk is complete: its bytes hash to its name.
  const found = new Set<string>();
  for (const shard of await readdir(join(stateDir, 'objects'))) {
    for (const name of await readdir(join(stateDir, 'objects', shard))) {
      expect(sha(await readFile(join(stateDir, 'objects', shard, name)))).toBe(name);
      found.add(name);
    }
  }
  expect(found).toEqual(expected);

  const store = new ContentStore(stateDir);
  for (let i = 0; i < SHARED; i++) {
    const m = await store.getKey(`shared-key-${i}`);
    expect(m).toMatchObject({ digest: sha(worker.shared(i)), bytes: worker.shared(i).byteLength });
    expect(writers).toContain(m!.stage);
  }
  expect(await readdir(join(stateDir, 'tmp'))).toEqual([]);
  expect(existsSync(join(stateDir, 'corrupt'))).toBe(false);
});

it('a writer killed mid-write leaves only a temp file, never a truncated object', async () => {
  const stateDir = join(root, 'killed');
  const script = `
    const { ContentStore } = await import(process.argv[1]);
    const { churn } = await import(process.argv[2]);
    await churn(new ContentStore(process.argv[3]));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, moduleUrl, workerUrl, stateDir]);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const count = async (sub: string): Promise<number> => {
    const names = await readdir(join(stateDir, sub), { recursive: true }).catch(() => []);
    return names.length;
  };
  // Kill once a few objects are done and the next write is in flight (its temp file exists).
  const deadline = Date.now() + 20_000;
  let inFlight = false;
  while (!inFlight && Date.now() < deadline) {
    inFlight = (await count('objects')) >= 4 && (await count('tmp')) > 0;
    if (!inFlight) await new Promise((r) => setTimeout(r, 1));
  }
  child.kill('SIGKILL');
  await exited;
  expect(inFlight).toBe(true);

  const store = new ContentStore(stateDir);
  const shards = await readdir(store.paths.objects);
  expect(shards.length).toBeGreaterThanOrEqual(2);
  for (const shard of shards) {
    for (const name of await readdir(join(store.paths.objects, shard))) {
      expect(sha(await readFile(join(store.paths.objects, shard, name)))).toBe(name);
    }
  }
  const leftovers = await readdir(store.paths.tmp);
  expect(await store.cleanTmp(0)).toBe(leftovers.length);
  expect(await readdir(store.paths.tmp)).toEqual([]);
});
