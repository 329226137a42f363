/**
 * Artifacts are checked at the stage boundary (issue 14, finding 10): a plugin series whose
 * `values` do not match `length`, or that has no columns, fails at the plugin's own stage with
 * E_ARTIFACT_SHAPE (exit 1, located at its line), and nothing is cached for it — instead of a
 * much later E_LOSS_NOT_FINITE advising a lower learning rate.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

const dir = tempDir('seqpipe-shape-');
afterAll(() => dir.remove());

const cases = {
  short: '{ kind: "series", columns: ["v"], length: 100, values: new Float64Array(50), transforms: [] }',
  nocolumns: '{ kind: "series", columns: [], length: 100, values: new Float64Array(0), transforms: [] }',
};

describe('a malformed plugin artifact', () => {
  for (const [name, value] of Object.entries(cases)) {
    it(`${name}: E_ARTIFACT_SHAPE at the plugin's stage, exit 1, nothing cached`, () => {
      writeFileSync(join(dir.path, `${name}.js`), `export default {
  uses: 'source/${name}', version: '1', description: 'A malformed series.',
  params: { type: 'object', additionalProperties: false, properties: {} },
  inputs: {}, output: 'series',
  async run() { return ${value}; },
};\n`);
      const pipeline = join(dir.path, `${name}.yaml`);
      writeFileSync(pipeline, [
        `name: ${name}`, `plugins: [./${name}.js]`, 'stages:',
        `  data: { uses: source/${name} }`,
        '  scaled: { uses: scaler/minmax, from: data, with: { fitFraction: 0.8 } }',
        '  windows: { uses: windower/sliding, from: scaled, with: { lookback: 4 } }',
        '  split: { uses: splitter/ratio, from: windows, with: { train: 0.8 } }',
        '  model: { uses: model/rnn, with: { layers: [{ cell: simpleRNN, units: 2 }] } }',
        '  train: { uses: trainer/tfjs, from: { model: model, data: split }, with: { epochs: 1 } }', '',
      ].join('\n'));
      const state = join(dir.path, `state-${name}`);
      const r = cli(['run', pipeline, '--state-dir', state, '--json']);
      expect(r.code, r.stderr).toBe(1);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed', error: { code: 'E_ARTIFACT_SHAPE', stage: 'data', line: 4, col: 3 } });
      expect(r.stderr).toMatch(new RegExp(`${name}\\.yaml:4:3: E_ARTIFACT_SHAPE`));
      const stages = readdirSync(join(state, 'keys'), { recursive: true, withFileTypes: true })
        .filter((f) => f.isFile())
        .map((f) => (JSON.parse(readFileSync(join(f.parentPath, f.name), 'utf8')) as { stage: string }).stage);
      expect(stages).not.toContain('data');
      expect(stages).not.toContain('scaled');
    });
  }
});
