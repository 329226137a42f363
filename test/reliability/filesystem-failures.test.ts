/**
 * Every internal error is a bug: a state directory that is a file, read-only, full, or not ours
 * gives a coded message naming the path (exit 1), never a stack trace; nothing stored is damaged,
 * and once the problem is fixed the next run succeeds. Read-only and disk-full use small tmpfs
 * mounts (root only): where mounting is not permitted those cases are skipped, saying why, unless
 * SEQPIPE_REQUIRE_MOUNTS=1 (CI), where they fail.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, TINY, tempDir, verifyObjects } from '../helpers.js';
import { need, REQUIRE_MOUNTS, type Availability } from '../requirements.js';

const isRoot = process.getuid?.() === 0;

/** Whether this process may mount a tmpfs (root on Linux, not in a restricted container). */
function mountable(): Availability {
  if (!isRoot || process.platform !== 'linux') return { ok: false, reason: 'mounting a tmpfs needs root on Linux' };
  const probe = tempDir('seqpipe-mount-probe-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe.path], { encoding: 'utf8' });
  if (r.status === 0) spawnSync('umount', [probe.path]);
  probe.remove();
  return r.status === 0 ? { ok: true } : { ok: false, reason: `cannot mount a tmpfs here: ${(r.stderr || r.error?.message || '').trim()}` };
}
const tmpfs = mountable();
const needMounts = (ctx: { skip(note?: string): void }): void => need(ctx, tmpfs, REQUIRE_MOUNTS);

/** Runs the bin; `prefix` is a command to run it through (setpriv, below). */
function run(args: readonly string[], options: SpawnSyncOptions = {}, prefix: readonly string[] = []) {
  const [command, ...rest] = [...prefix, process.execPath, BIN, ...args];
  const r = spawnSync(command!, rest, { cwd: ROOT, encoding: 'utf8', timeout: 120_000, ...options });
  return { code: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * How to run the bin so that permission bits bind it. Root ignores them, so as root the child
 * keeps uid 0 but drops the capabilities that override them (setpriv, from util-linux): it can
 * still read a clone in a folder only root may enter, as root's home is, where a child running as
 * uid 65534 could not even load the bin. Without setpriv, uid 65534 where it can read the clone.
 */
function permissionsBinding(): { prefix: string[]; options: SpawnSyncOptions } | { skip: string } {
  if (!isRoot) return { prefix: [], options: {} };
  const setpriv = ['setpriv', '--bounding-set=-dac_override,-dac_read_search,-fowner', '--inh-caps=-all', '--'];
  if (spawnSync(setpriv[0]!, [...setpriv.slice(1), 'true']).status === 0) return { prefix: setpriv, options: {} };
  const nobody = { uid: 65534, gid: 65534, env: { ...process.env, HOME: tmpdir() } };
  const readable = spawnSync(process.execPath, ['-e', 'require("fs").accessSync(process.argv[1])', BIN], nobody).status === 0;
  if (readable) return { prefix: [], options: nobody };
  return { skip: `running as root without setpriv (util-linux), and uid 65534 cannot read ${BIN}: nothing here obeys permission bits` };
}

/** One coded line, no stack frames, unless SEQPIPE_DEBUG asks for them. */
function expectCoded(stderr: string, code: string, path: string): void {
  const line = stderr.split('\n').find((l) => l.includes(code));
  expect(line, stderr).toBeDefined();
  expect(line).toContain(path);
  expect(stderr).not.toMatch(/\n\s+at |internal error/);
}

const mounts: string[] = [];
let dir: ReturnType<typeof tempDir>;
afterEach(() => {
  for (const m of mounts.splice(0)) spawnSync('umount', [m]);
  dir?.remove();
});

function mountTmpfs(options: string): string {
  const path = join(dir.path, `mnt${mounts.length}`);
  mkdirSync(path);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mount failed: ${r.stderr}`);
  mounts.push(path);
  return path;
}

const metricsOf = (stdout: string): unknown => JSON.parse(stdout).metrics;

describe('file-system failures are coded, located by path, and lose nothing', () => {
  it('--state-dir pointing at a file: E_STATE_NOT_DIR naming it, exit 1', () => {
    dir = tempDir();
    const file = join(dir.path, 'a-file');
    writeFileSync(file, 'x');
    for (const state of [file, join(file, 'below')]) {
      const r = run(['run', TINY, '--state-dir', state]);
      expect(r.code).toBe(1);
      expectCoded(r.stderr, 'E_STATE_NOT_DIR', file);
    }
  });

  it('SEQPIPE_DEBUG=1 adds the stack of the underlying cause', () => {
    dir = tempDir();
    const file = join(dir.path, 'a-file');
    writeFileSync(file, 'x');
    const r = run(['run', TINY, '--state-dir', file], { env: { ...process.env, SEQPIPE_DEBUG: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/E_STATE_NOT_DIR/);
    expect(r.stderr).toMatch(/ENOTDIR[^\n]*\n\s+at /);
  });

  it('permission denied: E_STATE_PERMISSION naming the path, exit 1', (ctx) => {
    const binding = permissionsBinding();
    if ('skip' in binding) return ctx.skip(binding.skip);
    dir = tempDir();
    const locked = join(dir.path, 'locked');
    mkdirSync(locked, { mode: 0o755 });
    chmodSync(locked, 0o555);
    const r = run(['run', TINY, '--state-dir', join(locked, 'state')], binding.options, binding.prefix);
    chmodSync(locked, 0o755);
    expect(r.code).toBe(1);
    expectCoded(r.stderr, 'E_STATE_PERMISSION', locked);
  });

  it('read-only file system: E_STATE_READ_ONLY, exit 1', (ctx) => {
    needMounts(ctx);
    dir = tempDir();
    const ro = mountTmpfs('ro,size=64k');
    const r = run(['run', TINY, '--state-dir', join(ro, 'state')]);
    expect(r.code).toBe(1);
    expectCoded(r.stderr, 'E_STATE_READ_ONLY', ro);
  });

  it('cache gc/clear on a read-only state dir: E_STATE_READ_ONLY naming the path, exit 1; nothing counted as removed', (ctx) => {
    needMounts(ctx);
    dir = tempDir();
    const mnt = mountTmpfs('size=8m');
    const state = join(mnt, 'state');
    const r = run(['run', TINY, '--state-dir', state, '--json']);
    expect(r.code, r.stderr).toBe(0);
    mkdirSync(join(state, 'corrupt'));
    writeFileSync(join(state, 'corrupt', 'moved-aside'), 'x');
    const objects = verifyObjects(state);
    expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
    for (const args of [['cache', 'gc', '--all', '--json'], ['cache', 'clear', '--json']]) {
      const gc = run([...args, '--state-dir', state]);
      expect(gc.code, `${args.join(' ')}: ${gc.stderr}`).toBe(1);
      expectCoded(gc.stderr, 'E_STATE_READ_ONLY', state);
      expect(JSON.parse(gc.stdout)).toMatchObject({ status: 'failed', errors: [{ code: 'E_STATE_READ_ONLY' }] });
    }
    expect(verifyObjects(state)).toBe(objects);
    // Nothing to remove but the quarantine folder: clear still says it cannot.
    expect(spawnSync('mount', ['-o', 'remount,rw', mnt]).status).toBe(0);
    expect(run(['cache', 'gc', '--all', '--state-dir', state]).code).toBe(0);
    expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
    const clear = run(['cache', 'clear', '--state-dir', state]);
    expect(clear.code).toBe(1);
    expectCoded(clear.stderr, 'E_STATE_READ_ONLY', join(state, 'corrupt'));
  });

  it('cache gc without write permission: E_STATE_PERMISSION naming the path, exit 1', (ctx) => {
    const binding = permissionsBinding();
    if ('skip' in binding) return ctx.skip(binding.skip);
    dir = tempDir();
    chmodSync(dir.path, 0o755);
    const state = join(dir.path, 'state');
    expect(run(['run', TINY, '--state-dir', state]).code).toBe(0);
    // Lock the folders; the binding makes even root obey permission bits (see permissionsBinding).
    const objects = join(state, 'objects');
    const shards = readdirSync(objects).map((s) => join(objects, s));
    for (const s of shards) chmodSync(s, 0o555);
    const gc = run(['cache', 'gc', '--all', '--state-dir', state, '--json'], binding.options, binding.prefix);
    for (const s of shards) chmodSync(s, 0o755);
    expect(gc.code, gc.stderr).toBe(1);
    expectCoded(gc.stderr, 'E_STATE_PERMISSION', objects);
    expect(verifyObjects(state)).toBeGreaterThan(0);
  });

  it('disk full mid-run: E_STATE_NO_SPACE; the store stays valid; with space the next run matches', (ctx) => {
    needMounts(ctx);
    dir = tempDir();
    const small = mountTmpfs('size=96k');
    const state = join(small, 'state');
    const full = run(['run', TINY, '--state-dir', state, '--json']);
    expect(full.code).toBe(1);
    expectCoded(full.stderr, 'E_STATE_NO_SPACE', small);
    verifyObjects(state); // whatever was stored is whole
    // The failed run is incomplete (no run.json), never listed as succeeded.
    for (const id of readdirSync(join(state, 'runs'))) expect(existsSync(join(state, 'runs', id, 'run.json'))).toBe(false);

    expect(spawnSync('mount', ['-o', 'remount,size=8m', small]).status).toBe(0);
    const again = run(['run', TINY, '--state-dir', state, '--json']);
    expect(again.code, again.stderr).toBe(0);
    verifyObjects(state);
    const reference = run(['run', TINY, '--state-dir', join(dir.path, 'reference'), '--json']);
    expect(metricsOf(again.stdout)).toEqual(metricsOf(reference.stdout));
  });
});
