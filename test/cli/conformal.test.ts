/** interval/conformal through the CLI: intervals around a trained GRU and a baseline, scored, stored, on a panel; bad input located. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../helpers.js';
import { sineStages, tinyModel, writePipeline, type Stages } from './evaluation-helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());
const run = (file: string) => cli(['run', file, '--state-dir', dir.path, '--json']);
/** The evaluation sine with a validation part to calibrate on. */
const withValidation = (extra: Stages): Stages => ({
  ...sineStages(extra, { points: 200 }),
  split: { uses: 'splitter/ratio', from: 'windows', with: { train: 0.6, validation: 0.2 } },
});

describe('interval/conformal', () => {
  it('wraps a trained GRU and a baseline; the evaluator reports coverage, MSIS, ACD and pinball, and writes the bounds', () => {
    const file = writePipeline(dir.path, 'conformal', withValidation({
      ...tinyModel,
      gru: { uses: 'interval/conformal', from: { model: 'train', data: 'split' } },
      naive: { uses: 'baseline/naive', from: 'split' },
      naive95: { uses: 'interval/conformal', from: { model: 'naive', data: 'split' }, with: { levels: [95] } },
      gru_test: { uses: 'evaluator/regression', from: { model: 'gru', data: 'split' } },
      naive_test: { uses: 'evaluator/regression', from: { model: 'naive95', data: 'split' } },
      plain_test: { uses: 'evaluator/regression', from: { model: 'naive', data: 'split' } },
      next: { uses: 'predictor/next', from: { model: 'gru', data: 'split' }, with: { steps: 2 } },
    }));
    const r = run(file);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const { gru_test: gru, naive_test: naive, plain_test: plain } = out.metrics;
    for (const m of [gru, naive]) {
      expect(m).toMatchObject({ coverage_95: expect.any(Number), msis: expect.any(Number), acd: expect.any(Number), pinball: expect.any(Number) });
      expect(m.acd).toBeCloseTo(Math.abs(m.coverage_95 - 0.95), 12);
    }
    expect(gru.coverage_80).toBeLessThanOrEqual(gru.coverage_95);
    expect(naive.coverage_80).toBeUndefined();
    // A forecaster without intervals gets none of them; the point metrics are the wrapped model's.
    expect(plain.coverage_95).toBeUndefined();
    expect(naive.mae_original).toBe(plain.mae_original);
    expect(r.stderr).toMatch(/^coverage_95\s+—\s+\d/m);

    const forecasts = parse(readFileSync(join(out.runDir, 'forecasts/gru_test.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(forecasts[0]!)).toEqual(['id', 'row', 'time', 'step', 'actual', 'predicted', 'lower_80', 'upper_80', 'lower_95', 'upper_95']);
    for (const p of forecasts) expect(Number(p.lower_95)).toBeLessThanOrEqual(Number(p.lower_80));
    const series = parse(readFileSync(join(out.runDir, 'series/gru_test.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Number(series[0]!.msis)).toBeCloseTo(gru.msis, 10);
    // The GRU's export is the wrapped network's (model.json) plus the table.
    expect(readFileSync(join(out.runDir, 'models/gru/conformal.json'), 'utf8')).toContain('"levels"');
    expect(readFileSync(join(out.runDir, 'models/gru/model.json'), 'utf8')).toContain('modelTopology');

    // A later process decodes the stored conformal forecaster (GRU inside) from the cache.
    const again = run(file);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).metrics.gru_test).toEqual(gru);
    const predict = cli(['predict', '--run', out.runId, '--state-dir', dir.path, '--json']);
    expect(predict.code, predict.stderr).toBe(0);
  });

  it('pools residuals over a panel, each series in units of its in-sample scale', () => {
    copyFileSync(join(ROOT, 'test/fixtures/plugins/two-series.js'), join(dir.path, 'two-series.js'));
    const file = join(dir.path, 'panel.yaml');
    const pipeline = (levels: string): string => [
      'name: panel', 'plugins: [./two-series.js]', 'stages:',
      '  panel: { uses: source/two-series }',
      '  windows: { uses: windower/sliding, from: panel, with: { lookback: 3, horizon: 2 } }',
      '  split: { uses: splitter/holdout, from: windows, with: { test: 2, validation: 2 } }',
      '  naive: { uses: baseline/naive, from: { data: split } }',
      '  conf:',
      '    uses: interval/conformal',
      '    from: { model: naive, data: split }',
      `    with: { levels: ${levels} }`,
      '  test: { uses: evaluator/regression, from: { model: conf, data: split } }', '',
    ].join('\n');
    // One validation window per series: two residuals per step, enough for 50% (rank ⌈3·0.5⌉ = 2), not 80%.
    writeFileSync(file, pipeline('[50]'));
    const r = cli(['run', file, '--state-dir', join(dir.path, '.panel'), '--json'], { cwd: dir.path });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.metrics.test).toMatchObject({ coverage_50: expect.any(Number), pinball: expect.any(Number) });
    const points = parse(readFileSync(join(out.runDir, 'forecasts/test.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    // Widths differ by series: the steeper series has the larger scale.
    const width = (id: string): number => { const p = points.find((x) => x.id === id && x.step === '1')!; return Number(p.upper_50) - Number(p.lower_50); };
    expect(width('down, fast')).toBeGreaterThan(width('up'));

    writeFileSync(file, pipeline('[50, 80]'));
    const few = cli(['run', file, '--state-dir', join(dir.path, '.panel'), '--json'], { cwd: dir.path });
    expect(few.code).toBe(1);
    expect(JSON.parse(few.stdout).error).toMatchObject({ code: 'E_CONFORMAL_TOO_FEW', stage: 'conf', line: 8 });
  });

  it('rejects levels outside (0, 100) and a split without the calibration part, at their positions', () => {
    const bad = (levels: number[], split?: Record<string, unknown>) => writePipeline(dir.path, 'bad', {
      ...withValidation({
        naive: { uses: 'baseline/naive', from: 'split' },
        conf: { uses: 'interval/conformal', from: { model: 'naive', data: 'split' }, with: { levels } },
      }),
      ...(split ? { split: { uses: 'splitter/ratio', from: 'windows', with: split } } : {}),
    });
    for (const levels of [[0, 95], [80, 100]]) {
      const r = cli(['validate', bad(levels), '--json']);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ code: 'E_INVALID_VALUE', stage: 'conf', line: expect.any(Number), col: expect.any(Number) })]);
    }
    const r = cli(['validate', bad([95], { train: 0.7 }), '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ code: 'E_MISSING_PART', stage: 'conf', line: expect.any(Number), col: expect.any(Number) })]);
  });

  it('calibrates on the training part when asked, with a located warning that it is optimistic', () => {
    const file = writePipeline(dir.path, 'train-part', withValidation({
      naive: { uses: 'baseline/naive', from: 'split' },
      conf: { uses: 'interval/conformal', from: { model: 'naive', data: 'split' }, with: { part: 'train' } },
    }));
    const r = cli(['validate', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/train-part\.yaml:\d+:\d+: W_CONFORMAL_TRAIN \[stage conf\]/);
  });
});
