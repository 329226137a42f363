/**
 * Each command takes its own declared options: a flag it does not take is E_USAGE (exit 2) naming
 * the options it does take, instead of being silently ignored; --help is generated from the same
 * declarations, and every combination that worked before still parses.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());

describe('a flag the command does not take', () => {
  it.each([
    [['validate', TINY, '--jobs', '4'], 'validate', '--jobs'],
    [['run', TINY, '--grid', 'train.epochs=1,2'], 'run', '--grid'],
    [['run', TINY, '--concurrency', '2'], 'run', '--concurrency'],
    [['sweep', TINY, '--tag', 't'], 'sweep', '--tag'],
    [['validate', TINY, '--no-cache'], 'validate', '--no-cache'],
    [['validate', TINY, '--state-dir', 'x'], 'validate', '--state-dir'],
    [['graph', TINY, '--json'], 'graph', '--json'],
    [['plugins', '--steps', '3'], 'plugins', '--steps'],
    [['predict', '--run', 'latest', '--seed', '1'], 'predict', '--seed'],
    [['schema', '--json'], 'schema', '--json'],
    [['runs', '--all'], 'runs', '--all'],
    [['show', 'latest', '--name', 'x'], 'show', '--name'],
    [['compare', 'a', 'b', '--input', 'x.csv'], 'compare', '--input'],
    [['status', TINY, '--no-cache'], 'status', '--no-cache'],
    [['report', 'latest', '--run', 'x'], 'report', '--run'],
    [['cache', 'ls', '--run', 'x'], 'cache', '--run'],
    [['worker', '--queue', 'redis://127.0.0.1:1', '--json'], 'worker', '--json'],
    [['run', TINY, '--frobnicate'], 'run', '--frobnicate'],
  ])('seqpipe %j: E_USAGE, exit 2, naming the command and its options', (args, command, flag) => {
    const r = cli([...args]);
    expect(r.code).toBe(2);
    const line = r.stderr.trim();
    expect(line).toMatch(new RegExp(`^E_USAGE "seqpipe ${command}" does not take ${flag}\\b`));
    expect(line).toMatch(/; its options: --/);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('names where the flag belongs, and suggests a near miss', () => {
    expect(cli(['validate', TINY, '--jobs', '4']).stderr).toMatch(/--jobs \(an option of seqpipe (run, )?sweep\)/);
    expect(cli(['run', TINY, '--stat-dir', 'x']).stderr).toMatch(/--stat-dir \(did you mean --state-dir\?\)/);
  });

  it('with --json the usage error is the one JSON object', () => {
    const r = cli(['status', TINY, '--jobs', '2', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'invalid', errors: [{ code: 'E_USAGE' }] });
  });

  it('cache: --all, --keep-days and --dry-run belong to gc only', () => {
    const r = cli(['cache', 'ls', '--dry-run', '--state-dir', state.path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^E_USAGE --dry-run is an option of "seqpipe cache gc"/);
  });
});

describe('help from the declarations', () => {
  const help = cli(['--help']);

  it('seqpipe --help lists every command with its options', () => {
    expect(help.code).toBe(0);
    for (const line of [
      /seqpipe run FILE \[--set STAGE\.PARAM=VALUE\]\.\.\. \[--seed N\] \[--name NAME\] \[--tag T\]\.\.\./,
      /\[--jobs N \| --queue redis:\/\/HOST:PORT\]/,
      /seqpipe predict --run RUN\|latest \[--input FILE\.csv\] \[--steps N\] \[--series ID\] \[--out FILE\.csv\] \[--state-dir DIR\]\s+\[--json\]/,
      /seqpipe schema \[--write FILE \| --check FILE\]/,
      /seqpipe report RUN \| --sweep SWEEP \[--state-dir DIR\] \[--json\]/,
      /seqpipe cache ls\|verify\|gc\|clear \[--all\] \[--keep-days N\] \[--dry-run\] \[--state-dir DIR\] \[--json\]/,
      /seqpipe worker --queue redis:\/\/\[:PASSWORD@\]HOST:PORT \[--concurrency N\] \[--state-dir DIR\]\s+\(see docs\/cluster\.md\)/,
      /^exit codes: 0 success, 1 failure while running, 2 invalid pipeline or usage$/m,
    ]) expect(help.stdout).toMatch(line);
    expect(help.stdout.split('\n').every((l) => l.length <= 120)).toBe(true);
  });

  it('seqpipe COMMAND --help shows that command\'s usage, exit 0', () => {
    const r = cli(['sweep', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage:\n  seqpipe sweep FILE /);
    expect(r.stdout).not.toMatch(/seqpipe run /);
  });
});

describe('the options each command takes still work', () => {
  const sd = ['--state-dir', state.path];
  it.each([
    [['validate', TINY, '--set', 'train.epochs=1', '--seed', '3', '--json']],
    [['graph', TINY, '--format', 'mermaid', '--set', 'train.epochs=1', '--seed', '3']],
    [['plugins', TINY, '--json']],
    [['schema', '--check', join(ROOT, 'schemas/pipeline.schema.json')]],
    [['status', TINY, '--set', 'train.epochs=1', '--seed', '3', ...sd, '--json']],
    [['runs', '--pipeline', 'tiny-rnn', '--tag', 't', ...sd, '--json']],
    [['cache', 'ls', ...sd, '--json']],
    [['cache', 'gc', '--all', '--keep-days', '1', '--dry-run', ...sd, '--json']],
    [['cache', 'verify', ...sd]],
  ])('seqpipe %j exits 0', (args) => {
    const r = cli([...args]);
    expect(r.code, r.stderr).toBe(0);
  });
});
