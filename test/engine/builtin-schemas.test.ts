/**
 * The built-in schemas are compiled at run time without checking them against the JSON Schema
 * meta-schema (that check costs every start ≈70 ms): this test is the check instead. A plugin's
 * schema is still checked when the plugin loads.
 */
import { outerPipelineSchema, schemaProblems } from '@seqpipe/core';
import { Seqpipe } from '@seqpipe/cli';
import { describe, expect, it } from 'vitest';

describe('built-in schemas', () => {
  it('the outer pipeline schema is a valid 2020-12 JSON Schema', () => {
    expect(schemaProblems(outerPipelineSchema)).toEqual([]);
  });

  it("every built-in stage's params schema is a valid 2020-12 JSON Schema", () => {
    const stages = new Seqpipe({ stateDir: '/nonexistent-seqpipe-state' }).registry.allStages();
    expect(stages.length).toBeGreaterThan(10);
    for (const s of stages) expect(schemaProblems(s.params), s.uses).toEqual([]);
  });

  it('finds the problems of an invalid schema', () => {
    expect(schemaProblems({ type: 'nonsense' })).not.toEqual([]);
  });
});
