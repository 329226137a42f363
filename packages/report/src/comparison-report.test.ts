import { describe, expect, it } from 'vitest';
import type { RunRecord } from '@seqpipe/core';
import { renderComparisonReport } from './comparison-report.js';
import type { RunReportData } from './report-data.js';

const run = (runId: string, cell: string, mse: number): RunReportData => ({
  record: {
    runId, name: cell, pipeline: { name: 'sine', file: 'sine.yaml', seed: 1 }, status: 'success', startedAt: '', finishedAt: '', seconds: 1,
    environment: { backend: 'cpu', tfjs: '4', node: '20', platform: 'linux', arch: 'x64', cpus: 2 },
    stages: [], metrics: { test: { mse } }, predictions: {}, warnings: [],
  } satisfies RunRecord,
  pipeline: { name: 'sine', stages: { model: { uses: 'model/rnn', with: { cell } } } },
  evaluations: [{ stage: 'test', values: { mse } }],
  histories: { train: [{ epoch: 1, loss: 0.5, valLoss: 0.6 }, { epoch: 2, loss: 0.25, valLoss: 0.3 }] },
});

describe('comparison report', () => {
  it('shows the differing parameters, deltas against the first run, and one chart per metric', async () => {
    const { html, charts } = await renderComparisonReport([run('a', 'gru', 0.5), run('b', 'lstm', 0.25)], 'cells');
    expect(html).toContain('<td>stages.model.with.cell</td><td>&quot;gru&quot;</td><td>&quot;lstm&quot;</td>');
    expect(html).toMatch(/<td class="n">0\.25000<\/td><td class="n">−0\.25000<\/td>/);
    expect(Object.keys(charts).sort()).toEqual(['loss.svg', 'metric-test-mse.svg']);
    expect(charts['loss.svg']).toMatch(/^<svg/);
    expect(html).not.toMatch(/<script/);
  });
});
