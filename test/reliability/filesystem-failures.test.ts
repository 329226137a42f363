/**
 * Every internal error is a bug: a state directory that is a file, read-only, full, or not ours
 * gives a coded message naming the path (exit 1), never a stack trace; nothing stored is damaged,
 * and once the problem is fixed the next run succeeds. Read-only and disk-full use small tmpfs
 * mounts (root only): where mounting is not permitted those cases are skipped, saying why, unless
 * SEQPIPE_REQUIRE_MOUNTS=1 (CI), where they fail.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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

function run(args: readonly string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, ...options });
  return { code: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
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

  it('permission denied: E_STATE_PERMISSION naming the path, exit 1', () => {
    dir = tempDir();
    const locked = join(dir.path, 'locked');
    mkdirSync(locked, { mode: 0o755 });
    // Root ignores permission bits, so run as an unprivileged user; otherwise lock the folder.
    const options: SpawnSyncOptions = isRoot ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: dir.path } } : {};
    if (!isRoot) chmodSync(locked, 0o555);
    const r = run(['run', TINY, '--state-dir', join(locked, 'state')], options);
    if (!isRoot) chmodSync(locked, 0o755);
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
