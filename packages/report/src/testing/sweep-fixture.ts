/**
 * A synthetic sweep for tests and measurements: `combos` grid values × `seeds`, each variant with a
 * loss history and a few metrics (a baseline's among them, the same in every variant). Values are
 * a deterministic function of the combination and seed (no Math.random), so reports are stable.
 */
import { summarize, type RunRecord, type SweepRecord } from '@seqpipe/core';
import type { RunReportData } from '../report-data.js';

/** A repeatable value in [0, 1) from two integers. */
const hash01 = (a: number, b: number): number => {
  const x = Math.sin(a * 12.9898 + b * 78.233) * 43758.5453;
  return x - Math.floor(x);
};

export interface SyntheticSweep {
  readonly sweep: SweepRecord;
  readonly runs: RunReportData[];
}

/** `original`: also each error metric in original units (`mae_original`, twice the model units'). */
export function syntheticSweep(combos: number, seeds: readonly number[] = [1], epochs = 20, { original = false } = {}): SyntheticSweep {
  const axis = 'model.layers.0.units';
  const values = Array.from({ length: combos }, (_, i) => i + 1);
  const variants: { runId: string; params: Record<string, unknown>; seed: number; status: 'success' }[] = [];
  const runs: RunReportData[] = [];
  for (const units of values) {
    for (const seed of seeds) {
      const runId = `20250101-000000-${String(units).padStart(5, '0')}s${seed}`;
      const params = { [axis]: units };
      const q = hash01(units, seed);
      const mae = 0.05 + 0.4 * hash01(units, 0) + 0.02 * q;
      const record: RunRecord = {
        runId, pipeline: { name: 'sine', file: 'sine.yaml', seed }, sweepId: '20250101-000000-sweep0', status: 'success',
        startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:01.000Z', seconds: 1,
        environment: { backend: 'cpu', tfjs: '4', node: '20', platform: 'linux', arch: 'x64', cpus: 2 },
        stages: [{ id: 'train', uses: 'trainer/fit', key: `k${units}-${seed}`, digest: `d${units}-${seed}`, cached: false, seconds: 0.5 + q, status: 'ran' }],
        metrics: {
          test: { mse: mae * mae * 1.3, mae, rmse: mae * 1.14, r2: 1 - mae, ...(original ? { mae_original: 2 * mae } : {}) },
          naive_test: { mse: 0.5, mae: 0.6 },
        },
        predictions: {}, warnings: [],
      };
      const history = Array.from({ length: epochs }, (_, e) => ({ epoch: e + 1, loss: (0.2 + mae) * Math.exp(-0.15 * e) * (1 + 0.05 * hash01(units * 31 + e, seed)) }));
      variants.push({ runId, params, seed, status: 'success' });
      runs.push({ record, pipeline: { name: 'sine', seed, stages: {} }, evaluations: [{ stage: 'test', values: record.metrics.test! }], histories: { train: history } });
    }
  }
  const sweep: SweepRecord = {
    sweepId: '20250101-000000-sweep0', pipeline: { name: 'sine', file: 'sine.yaml' }, status: 'success',
    startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:10:00.000Z', seconds: 600, jobs: 2,
    grid: { [axis]: values }, seeds: [...seeds], variants,
    stages: { ran: variants.length, cached: 0 },
    summary: summarize(variants.map((v, i) => ({ params: v.params, seed: v.seed, record: runs[i]!.record }))),
  };
  return { sweep, runs };
}
