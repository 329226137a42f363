import { describe, expect, it } from 'vitest';
import { metricsTable } from './run-report.js';

describe('the report\'s metrics table', () => {
  it('shows overall metrics first and folds per-step ones, by metric then step', () => {
    const html = metricsTable([
      { stage: 'test', forecaster: 'train', values: { smape: 1, smape_h2: 3, smape_h10: 4, smape_h1: 2, mase: 5, mase_h1: 6 } },
      { stage: 'naive_test', values: { smape: 7, mase: 8 } },
    ]);
    const [overall, folded] = html.split('<details>');
    expect(overall).toMatch(/mase[\s\S]*smape/);
    expect(overall).not.toMatch(/_h\d/);
    expect(folded).toContain('<summary>Per horizon step (4 rows)</summary>');
    const order = [...folded!.matchAll(/<td>(\w+_h\d+)<\/td>/g)].map((m) => m[1]);
    expect(order).toEqual(['mase_h1', 'smape_h1', 'smape_h2', 'smape_h10']);
  });

  it('groups original-unit metrics first, then unit-free ones, skill and OWA, then model-unit ones', () => {
    const html = metricsTable([{ stage: 'test', values: {
      mae: 1, mae_original: 2, mase: 3, mse: 4, mse_original: 5, owa: 6, r2: 7, rmse: 8, rmse_original: 9, skill_mae: 10, smape: 11,
    } }]);
    const order = [...html.matchAll(/<tr><td>(\w+)<\/td>/g)].map((m) => m[1]);
    expect(order).toEqual(['mae_original', 'mse_original', 'rmse_original', 'mase', 'r2', 'smape', 'owa', 'skill_mae', 'mae', 'mse', 'rmse']);
  });

  it('has no folded part for horizon 1', () => {
    expect(metricsTable([{ stage: 'test', values: { mae: 1 } }])).not.toContain('<details>');
  });
});
