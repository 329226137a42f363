/**
 * The built-in schemas are compiled at run time without checking them against the JSON Schema
 * meta-schema (that check costs every start ≈70 ms): this test is the check instead. A plugin's
 * schema is still checked when the plugin loads.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { outerPipelineSchema, schemaDigest, schemaProblems } from '@seqpipe/core';
import { Seqpipe } from '@seqpipe/cli';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

describe('built-in schemas', () => {
  it('the outer pipeline schema is a valid 2020-12 JSON Schema', () => {
    expect(schemaProblems(outerPipelineSchema)).toEqual([]);
  });

  it("every built-in stage's params schema is a valid 2020-12 JSON Schema", () => {
    const stages = new Seqpipe({ stateDir: '/nonexistent-seqpipe-state' }).registry.allStages();
    expect(stages.length).toBeGreaterThan(10);
    for (const s of stages) expect(schemaProblems(s.params), s.uses).toEqual([]);
  });

  it('the bundle precompiles every one of them, under the digest the CLI looks up (npm run build)', async () => {
    const file = pathToFileURL(join(ROOT, 'packages/cli/dist/precompiled-validators.js')).href;
    const validators = (await import(file)) as Record<string, (data: unknown) => boolean>;
    const schemas = [outerPipelineSchema, ...new Seqpipe({ stateDir: '/nonexistent-seqpipe-state' }).registry.allStages().map((s) => s.params)];
    for (const schema of schemas) expect(typeof validators[`v_${schemaDigest(schema)}`]).toBe('function');
    // A precompiled validator fills defaults like a compiled one.
    const train = new Seqpipe({ stateDir: '/nonexistent-seqpipe-state' }).registry.stage('trainer/tfjs')!;
    const params: Record<string, unknown> = {};
    expect(validators[`v_${schemaDigest(train.params)}`]!(params)).toBe(true);
    expect(params).toMatchObject({ optimizer: 'adam' });
  });

  it('finds the problems of an invalid schema', () => {
    expect(schemaProblems({ type: 'nonsense' })).not.toEqual([]);
  });
});
