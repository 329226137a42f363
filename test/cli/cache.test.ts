/** `seqpipe cache ls | verify | gc | clear`: sizes, integrity, and what gc keeps. */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());
const sp = (...args: string[]) => cli([...args, '--state-dir', state.path]);
const json = (r: { stdout: string }) => JSON.parse(r.stdout);
const objectPath = (digest: string) => join(state.path, 'objects', digest.slice(0, 2), digest);

describe('seqpipe cache', () => {
  let kept: Record<string, any>;
  let dropped: Record<string, any>;
  beforeAll(() => {
    kept = json(sp('run', TINY, '--json'));
    dropped = json(sp('run', TINY, '--set', 'train.epochs=1', '--json'));
    // Forget the second run: its trained model and scores are referenced by no record now.
    rmSync(join(dropped.runDir, 'run.json'));
  });
  const digests = (run: Record<string, any>): string[] =>
    JSON.parse(readFileSync(join(run.runDir, 'run.json'), 'utf8')).stages.map((s: { digest: string }) => s.digest);

  it('ls lists objects with sizes and how many runs reference them', () => {
    const ls = json(sp('cache', 'ls', '--json'));
    expect(ls.bytes).toBeGreaterThan(0);
    expect(ls.runs).toBe(1);
    const train = ls.objects.find((o: { stages: string[]; runs: number }) => o.stages.includes('train') && o.runs === 1);
    expect(train).toMatchObject({ kind: 'forecaster', bytes: expect.any(Number) });
    expect(ls.referencedBytes).toBeLessThan(ls.bytes);
    expect(sp('cache', 'ls').stdout).toMatch(/objects, .* referenced by 1 runs/);
  });

  it('verify re-hashes every object and names a corrupt one (exit 1)', () => {
    expect(sp('cache', 'verify').code).toBe(0);
    const victim = objectPath(digests(kept)[0]!);
    const backup = join(state.path, 'victim.bak');
    copyFileSync(victim, backup);
    writeFileSync(victim, 'not the bytes it was');
    const r = sp('cache', 'verify', '--json');
    copyFileSync(backup, victim);
    rmSync(backup);
    expect(r.code).toBe(1);
    expect(json(r)).toMatchObject({ status: 'corrupt', corrupt: [{ digest: digests(kept)[0] }] });
    expect(r.stderr).toContain(`E_OBJECT_CORRUPT object ${digests(kept)[0]}`);
  });

  it('gc removes what no recorded run references and keeps the rest usable', () => {
    expect(dropped.stages.find((s: { id: string }) => s.id === 'train').cached).toBe(false);
    const gc = json(sp('cache', 'gc', '--json'));
    expect(gc.removedObjects).toBeGreaterThan(0);
    expect(gc.removedKeys).toBeGreaterThan(0);
    for (const d of digests(kept)) expect(existsSync(objectPath(d))).toBe(true);
    const again = json(sp('run', TINY, '--json'));
    expect(again.stages.every((s: { cached: boolean }) => s.cached)).toBe(true);
    const status = json(sp('status', TINY, '--set', 'train.epochs=1', '--json'));
    expect(status.stages.find((s: { id: string }) => s.id === 'train').hit).toBe(false);
  });

  it('never removes what a live run may be writing (objects newer than the oldest live run lock)', () => {
    // A live run (this test process) that started 60 s ago, and an object it "just wrote".
    mkdirSync(join(state.path, 'locks'), { recursive: true });
    writeFileSync(join(state.path, 'locks', 'live.json'), JSON.stringify({ runId: 'live', pid: process.pid, startedAt: Date.now() - 60_000 }));
    const fresh = objectPath('ab'.repeat(32));
    mkdirSync(join(fresh, '..'), { recursive: true });
    writeFileSync(fresh, 'in flight');
    const old = digests(kept)[0]!;
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(objectPath(old), past, past);
    const gc = json(sp('cache', 'gc', '--all', '--json'));
    expect(gc.liveSince).toBeLessThan(Date.now());
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(objectPath(old))).toBe(false); // --all ignores run references
    rmSync(join(state.path, 'locks', 'live.json'));
  });

  it('gc removes temp files older than an hour left in <state>/tmp, and reports them', () => {
    const tmp = join(state.path, 'tmp');
    mkdirSync(tmp, { recursive: true });
    const past = new Date(Date.now() - 2 * 3_600_000);
    for (const name of ['left-1', 'left-2']) {
      writeFileSync(join(tmp, name), 'a killed writer\'s half');
      utimesSync(join(tmp, name), past, past);
    }
    writeFileSync(join(tmp, 'in-flight'), 'a live writer\'s');
    expect(json(sp('cache', 'gc', '--dry-run', '--json'))).toMatchObject({ removedTmp: 2 });
    expect(existsSync(join(tmp, 'left-1'))).toBe(true);
    const text = sp('cache', 'gc');
    expect(text.stdout).toMatch(/and 2 leftover temp files/);
    expect(existsSync(join(tmp, 'left-1')) || existsSync(join(tmp, 'left-2'))).toBe(false);
    expect(existsSync(join(tmp, 'in-flight'))).toBe(true);
    expect(json(sp('cache', 'gc', '--json'))).toMatchObject({ removedTmp: 0 });
  });

  it('clear empties the cache; run records stay', () => {
    const r = json(sp('cache', 'clear', '--json'));
    expect(r.action).toBe('clear');
    expect(json(sp('cache', 'ls', '--json'))).toMatchObject({ objects: [], bytes: 0 });
    expect(json(sp('runs', '--json')).runs.length).toBeGreaterThan(0);
  });
});
