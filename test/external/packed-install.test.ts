/**
 * seqpipe as a user outside this repository gets it: the workspace packages packed with
 * `npm pack`, installed into a fresh folder under the OS temp dir (offline from the npm cache when
 * it can), and the example custom stage run there through `npx seqpipe`. Slow (an npm install),
 * so it has its own file and a generous timeout.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

const dir = tempDir('seqpipe-outside-');
afterAll(() => dir.remove());
const project = join(dir.path, 'my-forecasts');
const tarballs = join(dir.path, 'tarballs');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

function sh(cmd: string, args: string[], cwd: string, timeout = 240_000): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('outside the repository, from npm pack tarballs', { timeout: 420_000 }, () => {
  it('packs each workspace package with its bin and built files', () => {
    mkdirSync(tarballs);
    const r = sh(npm, ['pack', '--workspaces', '--pack-destination', tarballs, '--json'], ROOT);
    expect(r.code, r.stderr).toBe(0);
    const packs = JSON.parse(r.stdout) as { name: string; files: { path: string }[] }[];
    expect(packs.map((p) => p.name).sort()).toEqual(['@seqpipe/cli', '@seqpipe/core', '@seqpipe/kernels', '@seqpipe/queue', '@seqpipe/report', '@seqpipe/stages', '@seqpipe/tfjs', 'seqpipe']);
    const files = (name: string) => packs.find((p) => p.name === name)!.files.map((f) => f.path);
    expect(files('@seqpipe/cli')).toEqual(expect.arrayContaining(['bin/seqpipe.js', 'dist/main.js', 'dist/seqpipe.bundle.js', 'package.json']));
    expect(files('seqpipe')).toEqual(expect.arrayContaining(['bin/seqpipe.js', 'dist/index.js', 'dist/index.d.ts']));
    expect(files('@seqpipe/core')).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts']));
    for (const p of packs) expect(files(p.name).filter((f) => f.includes('.test.'))).toEqual([]);
  });

  it('installs into a fresh folder and runs the example custom stage with npx seqpipe', () => {
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-forecasts', private: true, type: 'module' }));
    const tgz = readdirSync(tarballs).map((f) => join(tarballs, f));
    const install = sh(npm, ['install', '--prefer-offline', ...tgz], project, 360_000);
    expect(install.code, install.stderr).toBe(0);
    cpSync(join(ROOT, 'examples/custom-stage'), project, { recursive: true });

    const run = sh(npx, ['seqpipe', 'run', 'random-walk.yaml', '--set', 'train.epochs=1', '--json'], project);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.status).toBe('success');
    expect(out.stages.find((s: { id: string }) => s.id === 'walk')).toMatchObject({ uses: 'source/random-walk', status: 'ran' });
    expect(Object.keys(out.metrics)).toEqual(expect.arrayContaining(['test', 'naive_test']));
    expect(out.runDir.startsWith(join(project, '.seqpipe'))).toBe(true);

    const predict = sh(npx, ['seqpipe', 'predict', '--run', 'latest', '--json'], project);
    expect(predict.code, predict.stderr).toBe(0);
    expect(JSON.parse(predict.stdout).points).toEqual(out.predictions.next.points);

    // Editing the stage's source re-runs it and what depends on it; the model spec stays cached.
    const stage = join(project, 'stages/random-walk.source.js');
    writeFileSync(stage, readFileSync(stage, 'utf8').replace("values[t - 1] + params.drift", "values[t - 1] + 2 * params.drift"));
    const again = JSON.parse(sh(npx, ['seqpipe', 'run', 'random-walk.yaml', '--set', 'train.epochs=1', '--json'], project).stdout);
    const status = Object.fromEntries(again.stages.map((s: { id: string; status: string }) => [s.id, s.status]));
    expect(status).toMatchObject({ walk: 'ran', scaled: 'ran', train: 'ran', next: 'ran', model: 'hit' });
  });
});
