/**
 * Any stage can be stopped (issue 14, finding 4): a plugin stage that waits on a long timer and
 * ignores its signal still ends within the abort grace time on --max-seconds, SIGINT and SIGTERM
 * (in `run` and `sweep --jobs 1`), with the coded error, exit 1, and the run recorded as
 * interrupted; a stage awaiting a promise nothing can settle fails with E_STAGE_STALLED instead of
 * Node's silent exit 13.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, startCli, tempDir } from '../helpers.js';

const dir = tempDir('seqpipe-stops-');
afterAll(() => dir.remove());

const stage = (uses: string, body: string): string => `export default {
  uses: '${uses}', version: '1', description: 'A stage that waits.',
  params: { type: 'object', additionalProperties: false, properties: {} },
  inputs: { series: 'series' }, output: 'series',
  async run(_ctx, { series }) { ${body} return series; },
};\n`;
writeFileSync(join(dir.path, 'sleepy.js'), stage('transform/sleepy', 'await new Promise((r) => setTimeout(r, 600_000));'));
writeFileSync(join(dir.path, 'stuck.js'), stage('transform/stuck', 'await new Promise(() => {});'));
const pipeline = (name: string, plugin: string, uses: string): string => {
  const file = join(dir.path, `${name}.yaml`);
  writeFileSync(file, [
    `name: ${name}`, `plugins: [./${plugin}]`, 'stages:',
    '  series: { uses: source/sine, with: { points: 60 } }',
    `  waits: { uses: ${uses}, from: series }`,
    '  windows: { uses: windower/sliding, from: waits, with: { lookback: 4 } }', '',
  ].join('\n'));
  return file;
};
const sleepy = pipeline('sleepy', 'sleepy.js', 'transform/sleepy');
const stuck = pipeline('stuck', 'stuck.js', 'transform/stuck');

const runRecords = (state: string): Record<string, any>[] =>
  readdirSync(join(state, 'runs')).map((id) => JSON.parse(readFileSync(join(state, 'runs', id, 'run.json'), 'utf8')));

describe('a stage that ignores its signal is still stopped', () => {
  for (const command of ['run', 'sweep'] as const) {
    const extra = command === 'sweep' ? ['--jobs', '1', '--seeds', '1,2'] : [];
    it(`${command}: --max-seconds 1 ends it with E_TIME_LIMIT, recorded as interrupted`, () => {
      const state = join(dir.path, `${command}-limit`);
      const started = Date.now();
      const r = cli([command, sleepy, ...extra, '--max-seconds', '1', '--state-dir', state, '--json']);
      expect(r.code, r.stderr).toBe(1);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(r.stderr).toMatch(/E_TIME_LIMIT/);
      expect(JSON.parse(r.stdout).status).toBe('interrupted');
      const [record] = runRecords(state);
      expect(record).toMatchObject({ status: 'interrupted', error: { code: 'E_TIME_LIMIT' } });
      expect(record!.stages.find((s: { id: string }) => s.id === 'waits')).toMatchObject({ status: 'interrupted' });
    });

    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      it(`${command}: one ${signal} ends it with E_INTERRUPTED, recorded as interrupted`, async () => {
        const state = join(dir.path, `${command}-${signal}`);
        const p = startCli([command, sleepy, ...extra, '--state-dir', state, '--json']);
        await p.whenStderr(/waits/);
        await new Promise((r) => setTimeout(r, 300));
        p.child.kill(signal);
        const r = await p.exited;
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toMatch(/E_INTERRUPTED/);
        expect(JSON.parse(r.stdout).status).toBe('interrupted');
        expect(runRecords(state)[0]).toMatchObject({ status: 'interrupted', error: { code: 'E_INTERRUPTED' } });
      });
    }
  }

  it('a promise nothing can settle fails the run with E_STAGE_STALLED, not a silent exit 13', () => {
    const state = join(dir.path, 'stuck');
    const r = cli(['run', stuck, '--state-dir', state, '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/E_STAGE_STALLED/);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed', error: { code: 'E_STAGE_STALLED', stage: 'waits' } });
    expect(runRecords(state)[0]).toMatchObject({ status: 'failed', error: { code: 'E_STAGE_STALLED' } });
  });
});
