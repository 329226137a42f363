import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as core from '@seqpipe/core';
import { writeSweepReport } from './sweep-report.js';
import { syntheticSweep } from './testing/sweep-fixture.js';

// Counts run records being read at once (the report must not read them all at the same time).
const reads = vi.hoisted(() => ({ inFlight: 0, most: 0 }));
vi.mock('@seqpipe/core', async (original) => {
  const actual = await original<typeof core>();
  return {
    ...actual,
    readRun: async (stateDir: string, runId: string) => {
      reads.most = Math.max(reads.most, ++reads.inFlight);
      try {
        return await actual.readRun(stateDir, runId);
      } finally {
        reads.inFlight--;
      }
    },
  };
});

const state = mkdtempSync(join(tmpdir(), 'seqpipe-sweep-report-'));
afterAll(() => rmSync(state, { recursive: true, force: true }));

describe('writeSweepReport for 250 variants (25 combinations × 10 seeds) in a state dir', () => {
  it('reads the records 16 at a time and writes the summary, its charts and the variants’ page', async () => {
    const { sweep, runs } = syntheticSweep(25, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5);
    const store = new core.ContentStore(state);
    // Every variant but the last has a run record, its training history stored like a trainer's.
    for (const { record, histories } of runs.slice(0, -1)) {
      const digest = await store.putObject(core.toBytes({ header: { summary: { history: histories.train } } as unknown as core.JsonObject, buffers: [] }));
      await new core.RunWriter(state, record.runId).finish({ ...record, stages: record.stages.map((s) => ({ ...s, digest })) });
    }
    const file = await writeSweepReport(state, sweep);
    expect(file).toBe(join(state, 'sweeps', sweep.sweepId, 'report.html'));
    expect(reads.most).toBeGreaterThan(1);
    expect(reads.most).toBeLessThanOrEqual(16);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('1 variant(s) have no run record');
    expect(html).toContain('Training loss per epoch over 249 curves of 249 variants');
    expect(html).toContain('<a href="variants-1.html">1–250</a>');
    for (const chart of ['loss.svg', 'metrics.svg']) expect(readFileSync(join(state, 'sweeps', sweep.sweepId, chart), 'utf8')).toMatch(/^<svg[\s\S]*<path[^>]+d="M/);
    const variants = readFileSync(join(state, 'sweeps', sweep.sweepId, 'variants-1.html'), 'utf8');
    expect(variants).toContain(`<a href="../../runs/${runs[0]!.record.runId}/report.html">`);
    const last = runs.at(-1)!.record.runId;
    expect(variants).toContain(`<td>${last}</td>`); // no record, no link
    expect(variants).not.toContain(`runs/${last}/`);
    expect(existsSync(join(state, 'sweeps', sweep.sweepId, 'variants-2.html'))).toBe(false);
  });
});
