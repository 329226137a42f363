/**
 * `npm i seqpipe` as a user gets it: every workspace packed with `npm pack`, the tarballs installed
 * into an empty folder under the OS temp dir (outside the repository), then the quick start through
 * `npx seqpipe`, and the programmatic API from an ESM script and type-checked from TypeScript.
 * Slow (an npm install), so it has its own file and a generous timeout.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

const dir = tempDir('seqpipe-package-');
afterAll(() => dir.remove());
const project = join(dir.path, 'empty');
const tarballs = join(dir.path, 'tarballs');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');

function sh(cmd: string, args: string[], cwd: string, timeout = 240_000): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// Few epochs and a short series: the point is that it runs, not what it learns.
const QUICK = ['--set', 'series.points=200', '--set', 'train.epochs=1', '--set', 'train.batchSize=32'];

describe('the seqpipe package from npm pack tarballs, in an empty folder', { timeout: 480_000 }, () => {
  it('packs seqpipe with its bin, its API and types, beside the scoped packages', () => {
    mkdirSync(tarballs);
    const r = sh(npm, ['pack', '--workspaces', '--pack-destination', tarballs, '--json'], ROOT);
    expect(r.code, r.stderr).toBe(0);
    const packs = JSON.parse(r.stdout) as { name: string; files: { path: string }[] }[];
    expect(packs.map((p) => p.name)).toContain('seqpipe');
    const files = packs.find((p) => p.name === 'seqpipe')!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/seqpipe.js', 'dist/index.js', 'dist/index.d.ts', 'package.json']));
  });

  it('installs, and npx seqpipe prints its version, runs the quick start, and inits and runs a pipeline from a CSV', () => {
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'empty', private: true, type: 'module' }));
    const tgz = readdirSync(tarballs).map((f) => join(tarballs, f));
    const install = sh(npm, ['install', '--prefer-offline', ...tgz], project, 420_000);
    expect(install.code, install.stderr).toBe(0);

    const version = sh(npx, ['seqpipe', '--version'], project);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    cpSync(join(ROOT, 'pipelines/sine-rnn.yaml'), join(project, 'sine.yaml'));
    const run = sh(npx, ['seqpipe', 'run', 'sine.yaml', ...QUICK, '--json'], project);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ status: 'success', pipeline: 'sine-rnn' });
    expect(out.runDir.startsWith(join(project, '.seqpipe'))).toBe(true);

    // seqpipe init from a data file, then a run of what it wrote.
    cpSync(join(ROOT, 'data/us-employment.csv'), join(project, 'jobs.csv'));
    const init = sh(npx, ['seqpipe', 'init', 'jobs.csv', '--out', 'jobs.yaml', '--yes'], project);
    expect(init.code, init.stderr).toBe(0);
    const jobs = sh(npx, ['seqpipe', 'run', 'jobs.yaml', '--set', 'train.epochs=1', '--json'], project);
    expect(jobs.code, jobs.stderr).toBe(0);
    expect(JSON.parse(jobs.stdout)).toMatchObject({ status: 'success', pipeline: 'jobs' });
  });

  it('import { run } from "seqpipe" runs a file and a document, typed', () => {
    writeFileSync(join(project, 'api.mjs'), [
      "import { run, isSeqpipeError } from 'seqpipe';",
      `const set = ${JSON.stringify(QUICK.filter((a) => a !== '--set'))};`,
      "const fromFile = await run('sine.yaml', { set, stateDir: 'state' });",
      "const doc = { name: 'api-doc', seed: 3, stages: { series: { uses: 'source/sine', with: { points: 60 } }, windows: { uses: 'windower/sliding', from: 'series', with: { lookback: 4 } },",
      "  split: { uses: 'splitter/ratio', from: 'windows', with: { train: 0.7 } }, naive: { uses: 'baseline/naive', from: { data: 'split' } },",
      "  test: { uses: 'evaluator/regression', from: { model: 'naive', data: 'split' } } } };",
      "const fromDoc = await run(doc, { stateDir: 'state', report: false });",
      "let invalid;",
      "try { await run({ name: 'bad', stages: { s: { uses: 'source/nope' } } }, { stateDir: 'state' }); } catch (e) { invalid = isSeqpipeError(e) ? e.code : String(e); }",
      "console.log(JSON.stringify({ file: fromFile.record.status, doc: fromDoc.record.status, metrics: Object.keys(fromDoc.record.metrics), invalid }));",
    ].join('\n'));
    const api = sh(process.execPath, ['api.mjs'], project);
    expect(api.code, api.stderr).toBe(0);
    expect(JSON.parse(api.stdout)).toEqual({ file: 'success', doc: 'success', metrics: ['test'], invalid: 'E_UNKNOWN_PLUGIN' });

    // Types come with it: a wrong use is an error (the @ts-expect-error would be unused if the types were any).
    writeFileSync(join(project, 'typed.ts'), [
      "import { run, type RunOutcome, type RunRecord } from 'seqpipe';",
      "const outcome: RunOutcome = await run('sine.yaml', { set: ['train.epochs=1'], report: false });",
      "const status: RunRecord['status'] = outcome.record.status;",
      "const mae: number | undefined = outcome.record.metrics['test']?.['mae'];",
      "// @ts-expect-error the record's status is a RunStatus string",
      "const wrong: number = outcome.record.status;",
      "// @ts-expect-error a pipeline is a path or a document, not a number",
      "await run(42);",
      "// @ts-expect-error set takes --set strings",
      "await run('sine.yaml', { set: { train: 1 } });",
      'console.log(status, mae, wrong);',
      '',
    ].join('\n'));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true },
      files: ['typed.ts'],
    }));
    const types = sh(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
    expect(types.stdout + types.stderr).toBe('');
    expect(types.code).toBe(0);
  });
});
