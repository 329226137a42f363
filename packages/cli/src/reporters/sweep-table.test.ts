import type { Stat, SummaryRow } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { defaultMetrics, sweepTable } from './sweep-table.js';

const s = (mean: number, std = 0, n = 2): Stat => ({ mean, std, n });
const row = (units: number, metrics: Record<string, Stat>): SummaryRow => ({ params: { 'model.units': units }, seeds: [1, 2], runIds: ['a', 'b'], metrics, seconds: s(1) });

describe('the sweep table\'s default metrics', () => {
  it('takes mase of the first evaluator where it differs (not a baseline\'s), with its owa and skill', () => {
    const rows = [
      row(4, { 'naive_test.mase': s(2), 'test.mase': s(1.5), 'test.owa': s(0.9), 'test.skill_mase': s(0.2), 'test.mae': s(3) }),
      row(8, { 'naive_test.mase': s(2), 'test.mase': s(1.2), 'test.owa': s(0.8), 'test.skill_mase': s(0.4), 'test.mae': s(2) }),
    ];
    expect(defaultMetrics(rows)).toEqual(['test.mase', 'test.owa', 'test.skill_mase']);
  });

  it('falls back to mae_original and its skill; nothing without an evaluator', () => {
    expect(defaultMetrics([row(4, { 'test.mae_original': s(1), 'test.skill_mae': s(0.1) })])).toEqual(['test.mae_original', 'test.skill_mae']);
    expect(defaultMetrics([row(4, {})])).toEqual([]);
  });

  it('ranks higher-is-better metrics (skill, r2) descending and marks the best', () => {
    const rows = [row(4, { 'test.skill_mae': s(0.1, 0.01) }), row(8, { 'test.skill_mae': s(0.3, 0.02) })];
    const { text, rankedBy } = sweepTable({ grid: { 'model.units': [4, 8] }, summary: rows }, ['test.skill_mae']);
    expect(rankedBy).toBe('test.skill_mae');
    expect(text).toContain('higher is better');
    const body = text.split('\n').filter((l) => /^\s+(★\s+)?\d/.test(l) && l.includes('±'));
    expect(body[0]).toMatch(/^\s+★\s+8\s/);
    expect(body[1]).toMatch(/^\s+4\s/);
  });
});
