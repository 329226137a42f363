/**
 * A state dir deleted under a running run (issue 14, finding 7): the run is not a success — it
 * fails with E_STATE_LOST naming the stages whose outputs vanished — and `predict` on it gives a
 * coded error, not E_INTERNAL.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

const dir = tempDir('seqpipe-state-lost-');
afterAll(() => dir.remove());

describe('the state dir deleted during a run', () => {
  it('fails the run with E_STATE_LOST (exit 1), and predict on it is a coded error', () => {
    writeFileSync(join(dir.path, 'wipe.js'), `import { rmSync } from 'node:fs';
export default {
  uses: 'transform/wipe', version: '1', description: 'Deletes the state dir, as a careless user might.',
  params: { type: 'object', additionalProperties: false, properties: {} },
  inputs: { series: 'series' }, output: 'series',
  async run(_ctx, { series }) { rmSync(process.env.WIPE_STATE, { recursive: true, force: true }); return { ...series, values: series.values.map((v) => v + 1) }; },
};\n`);
    const pipeline = join(dir.path, 'wipe.yaml');
    writeFileSync(pipeline, [
      'name: wipe', 'plugins: [./wipe.js]', 'stages:',
      '  series: { uses: source/sine, with: { points: 80 } }',
      '  wiped: { uses: transform/wipe, from: series }',
      '  windows: { uses: windower/sliding, from: wiped, with: { lookback: 4 } }',
      '  split: { uses: splitter/ratio, from: windows, with: { train: 0.8 } }',
      '  naive: { uses: baseline/naive, from: { data: split } }',
      '  next: { uses: predictor/next, from: { model: naive, data: split } }', '',
    ].join('\n'));
    const state = join(dir.path, 'state');
    const r = cli(['run', pipeline, '--state-dir', state, '--json'], { env: { WIPE_STATE: state } });
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed', error: { code: 'E_STATE_LOST' } });
    expect(r.stderr).toMatch(/E_STATE_LOST the outputs of "series"/);
    const p = cli(['predict', '--run', 'latest', '--state-dir', state, '--json']);
    // The wiped run folder kept only the run.json written after the wipe: its pipeline.json is gone.
    expect(p.code, p.stderr).toBe(2);
    expect(p.stderr).not.toMatch(/E_INTERNAL/);
    expect(p.stderr).toMatch(/pipeline\.json: E_RUN_CORRUPT .* its pipeline\.json is missing/);
  });
});
