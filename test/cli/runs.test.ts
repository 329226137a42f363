/** Named, tagged runs: listing, lookup by id / prefix / name / latest, show, and compare (SimpleRNN vs GRU). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, TINY, tempDir } from '../helpers.js';

const state = tempDir();
afterAll(() => state.remove());
const sp = (...args: string[]) => cli([...args, '--state-dir', state.path]);
const json = (r: { stdout: string }) => JSON.parse(r.stdout);

describe('runs, show, compare', () => {
  let rnn: Record<string, any>;
  let gru: Record<string, any>;
  beforeAll(() => {
    rnn = json(sp('run', TINY, '--name', 'rnn', '--tag', 'cells', '--tag', 'first', '--seed', '7', '--json'));
    gru = json(sp('run', TINY, '--name', 'gru', '--tag', 'cells', '--set', 'model.layers.0.cell=gru', '--json'));
    // A run that never finished: a directory with pipeline.json and no run.json.
    mkdirSync(join(state.path, 'runs', '20000101-000000-dead00'));
    writeFileSync(join(state.path, 'runs', '20000101-000000-dead00', 'pipeline.json'), JSON.stringify({ name: 'tiny-rnn' }));
  });

  it('records the name, tags, overrides and the seed as given', () => {
    const a = JSON.parse(readFileSync(join(rnn.runDir, 'run.json'), 'utf8'));
    expect(a).toMatchObject({ name: 'rnn', tags: ['cells', 'first'], overrides: [], seedGiven: 7 });
    const b = JSON.parse(readFileSync(join(gru.runDir, 'run.json'), 'utf8'));
    expect(b).toMatchObject({ name: 'gru', tags: ['cells'], overrides: ['model.layers.0.cell=gru'] });
    expect(b.seedGiven).toBeUndefined();
  });

  it('lists runs newest first, incomplete ones marked, filtered by pipeline and tag', () => {
    const all = json(sp('runs', '--json')).runs;
    expect(all.map((r: { runId: string }) => r.runId)).toEqual([gru.runId, rnn.runId, '20000101-000000-dead00']);
    expect(all[2]).toMatchObject({ status: 'incomplete', pipeline: 'tiny-rnn' });
    expect(json(sp('runs', '--tag', 'first', '--json')).runs.map((r: { name: string }) => r.name)).toEqual(['rnn']);
    expect(json(sp('runs', '--pipeline', 'other', '--json')).runs).toEqual([]);
    const text = sp('runs');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/20000101-000000-dead00 +tiny-rnn +incomplete/);
  });

  it('finds a run by id, unique prefix, name or "latest"', () => {
    expect(json(sp('show', rnn.runId, '--json')).runId).toBe(rnn.runId);
    expect(json(sp('show', gru.runId.slice(0, gru.runId.length - 3), '--json')).runId).toBe(gru.runId);
    expect(json(sp('show', 'rnn', '--json')).runId).toBe(rnn.runId);
    expect(json(sp('show', 'latest', '--json')).runId).toBe(gru.runId);
    expect(sp('show', 'gru').stdout).toContain('--set model.layers.0.cell=gru');
  });

  it('unknown, ambiguous and incomplete references are coded errors (exit 2), one JSON object with --json', () => {
    const unknown = sp('show', 'nope', '--json');
    expect(unknown.code).toBe(2);
    expect(json(unknown)).toMatchObject({ status: 'invalid', errors: [{ code: 'E_RUN_NOT_FOUND' }] });
    const ambiguous = sp('show', '2');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/E_RUN_AMBIGUOUS/);
    expect(sp('show', '20000101').stderr).toMatch(/E_RUN_INCOMPLETE/);
  });

  it('compare shows the parameter diff and metric deltas against the first run', () => {
    const cmp = json(sp('compare', 'rnn', 'gru', '--json'));
    expect(cmp.runs.map((r: { runId: string }) => r.runId)).toEqual([rnn.runId, gru.runId]);
    expect(cmp.params).toEqual([{ path: 'stages.model.with.layers.0.cell', values: ['simpleRNN', 'gru'] }]);
    const mse = cmp.metrics.find((m: { stage: string; metric: string }) => m.stage === 'test' && m.metric === 'mse');
    expect(mse.values).toEqual([rnn.metrics.test.mse, gru.metrics.test.mse]);
    expect(mse.deltas[0]).toBe(0);
    expect(mse.deltas[1]).toBeCloseTo(gru.metrics.test.mse - rnn.metrics.test.mse, 12);
    expect(mse.deltas[1]).not.toBe(0);
    const naive = cmp.metrics.find((m: { stage: string; metric: string }) => m.stage === 'naive_test' && m.metric === 'mse');
    expect(naive.deltas).toEqual([0, 0]); // the baseline did not change
    const file = join(state.path, 'compare.html');
    expect(sp('compare', 'rnn', 'gru', '--report', file).code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<td>stages.model.with.layers.0.cell</td><td>&quot;simpleRNN&quot;</td><td>&quot;gru&quot;</td>');
    expect(readFileSync(join(state.path, 'loss.svg'), 'utf8')).toMatch(/^<svg/);
    const text = sp('compare', 'rnn', 'gru');
    expect(text.stdout).toMatch(/stages\.model\.with\.layers\.0\.cell +"simpleRNN" +"gru"/);
    expect(text.stdout).toMatch(/test +mse +\S+ +\S+ +[+-]\S+/);
  });

  it('report RUN rewrites the report; the run printed its path', () => {
    expect(rnn.report).toBe(join(rnn.runDir, 'report.html'));
    const r = sp('report', 'rnn');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(rnn.report);
    expect(readFileSync(rnn.report, 'utf8')).toContain('<svg');
  });
});
