import { describe, expect, it } from 'vitest';
import type { PluginRegistry, RunRecord, Split, Windows } from '@seqpipe/core';
import { nextPredictor } from '@seqpipe/stages';
import { forecastNewSeries } from './new-series.js';
import type { SavedRun } from './saved-run.js';

/** A saved run whose csv source read a panel of two series, each scaled by its own fit. */
function panelRun(): SavedRun {
  const test: Windows = {
    kind: 'windows', columns: ['value'], targetColumns: [0], lookback: 1, horizon: 1, count: 2, rows: 4,
    data: Float64Array.of(0, 1, 0, 1), index: Int32Array.of(1, 3), ids: ['a', 'b'], offsets: Int32Array.of(0, 2, 4),
    transforms: [{ type: 'affine', by: 'scaler/minmax', scale: [1, 0.5], offset: [0, 0], seriesCount: 2 }],
  };
  const split: Split = { kind: 'split', train: test, test };
  return {
    record: { runId: 'r1', stages: [{ id: 'next' }], predictions: { next: {} } } as unknown as RunRecord,
    document: {
      stages: {
        data: { uses: 'source/csv', with: { path: 'x.csv' } },
        split: { uses: 'splitter/ratio', from: 'data' },
        next: { uses: 'predictor/next', from: { model: 'model', data: 'split' } },
      },
    },
    artifact: async (id) => (id === 'split' ? split : (() => { throw new Error(`unexpected ${id}`); })()),
  };
}

describe('predict --input', () => {
  it('refuses a run trained on a panel (its scalers are fitted per series): E_PANEL_UNSUPPORTED, exit 2', async () => {
    const registry = { stage: (uses: string) => (uses === nextPredictor.uses ? nextPredictor : undefined) } as unknown as PluginRegistry;
    await expect(forecastNewSeries(panelRun(), registry, 'new.csv')).rejects.toMatchObject({ code: 'E_PANEL_UNSUPPORTED', exitCode: 2 });
  });
});
