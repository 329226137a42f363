/**
 * The kill harness with a reduced count (the full 50 trials: see README.md here). Trials are
 * stratified over the run, so even six kills land from startup to the run record.
 */
import { describe, expect, it } from 'vitest';
import { runTrials } from './kill-harness.mjs';

describe('SIGKILL at seeded moments', () => {
  it('every trial: store verifies, killed run incomplete, next run identical to an uninterrupted one', async () => {
    const { results } = await runTrials({ trials: 6, seed: 11 });
    expect(results).toHaveLength(6);
    for (const r of results) expect(r.problems, `trial ${r.trial} (${r.phase})`).toEqual([]);
    // The kills really interrupted runs (not all landed before start or after the end).
    expect(results.filter((r) => r.incomplete > 0).length).toBeGreaterThan(0);
  }, 600_000);
});
