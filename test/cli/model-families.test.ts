/**
 * model/mlp, model/linear (DLinear) and model/nbeats through the CLI: one tiny sine pipeline trains
 * each with trainer/tfjs (engine auto: the fused kernels), scores it and exports a tfjs model.json
 * (on both engines); a re-run is all cached. Bad parameters are located errors: an N-BEATS with no
 * stacks or a parameter of another stack type (exit 2, at the key), a DLinear kernel longer than
 * the windows' lookback (E_MODEL_LOOKBACK, exit 2, at the trainer: the two stages' facts meet there).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';

const work = tempDir('seqpipe-families-');
afterAll(() => work.remove());
const state = join(work.path, 'state');

const pipeline = (models: string, trainers = ['mlp', 'dlinear', 'nbeats']) => `name: families
seed: 5
stages:
  series: { uses: source/sine, with: { points: 160, stop: 16 } }
  scaled: { uses: scaler/minmax, from: series }
  windows: { uses: windower/sliding, from: scaled, with: { lookback: 8, horizon: 2 } }
  split: { uses: splitter/ratio, from: windows, with: { train: 0.7, validation: 0.1 } }
${models}
${trainers.map((t) => {
    // 'nbeats:layers' trains model nbeats with engine layers, as train_nbeats_layers.
    const [m, engine] = t.split(':');
    const id = engine ? `${m}_${engine}` : m;
    return `  train_${id}: { uses: trainer/tfjs, from: { model: ${m}, data: split }, with: { epochs: 2, batchSize: 16, learningRate: 0.01${engine ? `, engine: ${engine}` : ''} } }
  test_${id}: { uses: evaluator/regression, from: { model: train_${id}, data: split } }`;
  }).join('\n')}
`;

const MODELS = `  mlp: { uses: model/mlp, with: { layers: [{ units: 8 }], dropout: 0.1 } }
  dlinear: { uses: model/linear, with: { decomposition: { kernel: 5 } } }
  nbeats:
    uses: model/nbeats
    with:
      stacks:
        - { type: trend, blocks: 1, layers: 2, units: 8 }
        - { type: seasonality, blocks: 1, layers: 2, units: 8, harmonics: 2 }
        - { type: generic, blocks: 1, layers: 2, units: 8 }`;

function run(name: string, text: string, command = 'run') {
  const file = join(work.path, `${name}.yaml`);
  writeFileSync(file, text);
  const r = cli([command, file, '--json', ...(command === 'run' ? ['--state-dir', state] : [])]);
  return { ...JSON.parse(r.stdout), code: r.code, stderr: r.stderr, file };
}

describe('model families through the CLI', () => {
  const ALL = ['mlp', 'dlinear', 'nbeats', 'mlp:layers', 'dlinear:layers', 'nbeats:layers'];
  const first = run('families', pipeline(MODELS, ALL));

  it('trains, scores and exports each family on each engine', () => {
    expect(first.code, first.stderr).toBe(0);
    for (const m of ['mlp', 'dlinear', 'nbeats', 'mlp_layers', 'dlinear_layers', 'nbeats_layers']) {
      expect(Number.isFinite(first.metrics[`test_${m}`].mae), m).toBe(true);
      const modelJson = JSON.parse(readFileSync(join(first.runDir, `models/train_${m}/model.json`), 'utf8'));
      expect(modelJson.format, m).toBe('layers-model');
      expect(modelJson.modelTopology.class_name, m).toBe('Model');
    }
    // engine auto: the fused kernels implement all three.
    expect(first.stderr.match(/engine fused/g)).toHaveLength(3);
    expect(first.stderr.match(/engine layers/g)).toHaveLength(3);
  });

  it('runs fully cached the second time, with the same metrics', () => {
    const again = run('families', pipeline(MODELS, ALL));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stages.every((s: { cached: boolean }) => s.cached)).toBe(true);
    expect(again.metrics).toEqual(first.metrics);
  });

  it('an N-BEATS without stacks is refused at the key (exit 2)', () => {
    const r = run('no-stacks', pipeline('  nbeats: { uses: model/nbeats, with: { stacks: [] } }', ['nbeats']), 'validate');
    expect(r.code, r.stderr).toBe(2);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'E_INVALID_VALUE', line: 8, col: 49 })]);
  });

  it('a parameter of another stack type is E_NBEATS_PARAM at its key (exit 2)', () => {
    const r = run('bad-param', pipeline('  nbeats: { uses: model/nbeats, with: { stacks: [{ type: trend, harmonics: 3 }] } }', ['nbeats']), 'validate');
    expect(r.code, r.stderr).toBe(2);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'E_NBEATS_PARAM', line: 8, col: 76 })]);
    expect(r.stderr).toContain(`${r.file}:8:76: E_NBEATS_PARAM`);
  });

  it('a DLinear kernel longer than the lookback is E_MODEL_LOOKBACK at the trainer, before anything runs (exit 2)', () => {
    const r = run('long-kernel', pipeline('  dlinear: { uses: model/linear, with: { decomposition: { kernel: 9 } } }', ['dlinear']));
    expect(r.code, r.stderr).toBe(2);
    expect(r.errors).toEqual([expect.objectContaining({ code: 'E_MODEL_LOOKBACK', stage: 'train_dlinear', line: 9, col: 85 })]);
    // A kernel equal to the lookback is fine.
    const ok = run('kernel-8', pipeline('  dlinear: { uses: model/linear, with: { decomposition: { kernel: 8 } } }', ['dlinear']), 'validate');
    expect(ok.code, ok.stderr).toBe(0);
  });
});
