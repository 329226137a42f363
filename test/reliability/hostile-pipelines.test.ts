/**
 * Property tests: whatever the pipeline text or `--set` argument, loading and validating yields
 * coded, located diagnostics — never an uncaught exception, never a hang. Fixed seeds and run
 * counts keep the suite fast and reproducible (a failure prints its seed and counterexample).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Seqpipe } from '@seqpipe/cli';
import {
  applyOverrides, isSeqpipeError, parseOverride, parsePipelineSource, validatePipeline, type Diagnostic,
} from '@seqpipe/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { cli, ROOT, tempDir } from '../helpers.js';

const app = new Seqpipe({ stateDir: join(ROOT, '.seqpipe-test-unused') });
const CODE = /^[EW]_[A-Z_]+$/;
const bundled = [
  ...readdirSync(join(ROOT, 'pipelines')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'pipelines', f)),
  ...readdirSync(join(ROOT, 'test/fixtures')).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, 'test/fixtures', f)),
];
// SEQPIPE_FC_SEED=N explores other inputs locally; CI keeps the fixed seed.
const PARAMS = { seed: Number(process.env['SEQPIPE_FC_SEED'] ?? 20261127), numRuns: 200 } as const;

/** Parse, apply overrides, validate: must not throw; every diagnostic coded and located. */
async function check(source: string, sets: readonly string[] = [], file = 'p.yaml'): Promise<readonly Diagnostic[]> {
  const pd = parsePipelineSource(source, file);
  if (!pd.diagnostics.length) {
    try {
      applyOverrides(pd, sets.map(parseOverride));
    } catch (error) {
      if (!isSeqpipeError(error)) throw error;
      expect(error.code).toMatch(CODE);
      return [];
    }
  }
  const { pipeline, diagnostics } = await validatePipeline(pd, app.registry);
  for (const d of diagnostics) {
    // A CSV source may locate a problem in its data file instead of the pipeline.
    expect(d).toMatchObject({ code: expect.stringMatching(CODE), file: expect.any(String), line: expect.any(Number), col: expect.any(Number) });
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.col).toBeGreaterThanOrEqual(1);
  }
  if (!pipeline) expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
  return diagnostics;
}

const YAMLISH = [...'abcsxyz019 -:,[]{}#&*!|>\'"%@?\n\t.=~'];
const yamlText = fc.array(fc.constantFrom(...YAMLISH), { maxLength: 300 }).map((cs) => cs.join(''));

/** One edit of a bundled file: delete, insert, duplicate or swap lines, or replace a character. */
const mutation = (text: string) =>
  fc.oneof(
    fc.tuple(fc.nat(text.length), fc.nat(40)).map(([at, n]) => text.slice(0, at) + text.slice(at + n)),
    fc.tuple(fc.nat(text.length), fc.array(fc.constantFrom(...YAMLISH), { minLength: 1, maxLength: 8 }))
      .map(([at, cs]) => text.slice(0, at) + cs.join('') + text.slice(at)),
    fc.tuple(fc.nat(text.length), fc.constantFrom(...YAMLISH)).map(([at, c]) => text.slice(0, at) + c + text.slice(at + 1)),
    fc.tuple(fc.nat(200), fc.nat(200)).map(([a, b]) => {
      const lines = text.split('\n');
      const i = a % lines.length, j = b % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    }),
    fc.nat(200).map((a) => {
      const lines = text.split('\n');
      lines.splice(a % lines.length, 0, lines[a % lines.length]!);
      return lines.join('\n');
    }),
  );

const mutated = (text: string) =>
  fc.array(fc.nat(), { minLength: 1, maxLength: 4 }).chain((steps) =>
    steps.reduce<fc.Arbitrary<string>>((arb) => arb.chain(mutation), fc.constant(text)),
  );

const setArg = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.tuple(
    fc.constantFrom('train', 'model', 'series', 'nope', '', 'split'),
    fc.array(fc.constantFrom('epochs', 'layers', '0', 'cell', 'with', 'x', '', '99'), { maxLength: 4 }),
    fc.oneof(yamlText, fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null')),
  ).map(([stage, path, value]) => `${[stage, ...path].join('.')}=${value}`),
);

const uses = fc.constantFrom(
  'source/sine', 'scaler/minmax', 'windower/sliding', 'splitter/ratio', 'model/rnn', 'trainer/tfjs',
  'evaluator/regression', 'predictor/next', 'baseline/naive', 'source/csv', 'nope/x',
);
const ids = fc.constantFrom('a', 'b', 'c', 'series', 'train', '0bad', 'x-y');
/** Pipeline-shaped documents with arbitrary values where the schema expects particular ones. */
const shaped = fc.record({
  name: fc.oneof(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 })),
  seed: fc.oneof(fc.integer(), fc.jsonValue({ maxDepth: 1 })),
  stages: fc.dictionary(ids, fc.record({
    uses: fc.oneof(uses, fc.jsonValue({ maxDepth: 1 })),
    from: fc.oneof(ids, fc.dictionary(fc.constantFrom('model', 'data', 'series', 'x'), ids), fc.jsonValue({ maxDepth: 2 })),
    with: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.constantFrom('points', 'lookback', 'train', 'epochs', 'layers', 'range', 'steps', 'path', 'columns'), fc.jsonValue({ maxDepth: 3 }))),
  }, { requiredKeys: [] }), { maxKeys: 5 }),
}, { requiredKeys: [] });

describe('hostile pipeline files (property-based)', () => {
  it('arbitrary YAML-ish text: coded, located diagnostics only', async () => {
    await fc.assert(fc.asyncProperty(yamlText, async (text) => void (await check(text))), PARAMS);
  });

  it('arbitrary pipeline-shaped documents: coded, located diagnostics only', async () => {
    await fc.assert(fc.asyncProperty(shaped, async (doc) => void (await check(stringify(doc)))), { ...PARAMS, numRuns: 120 });
  });

  for (const file of bundled) {
    it(`random mutations of ${file.slice(ROOT.length + 1)}`, async () => {
      const text = readFileSync(file, 'utf8');
      // Checked as the real file, so a CSV source finds its data beside it.
      await fc.assert(fc.asyncProperty(mutated(text), async (t) => void (await check(t, [], file))), { ...PARAMS, numRuns: 60 });
    });
  }

  it('arbitrary --set arguments on a bundled pipeline: coded errors only', async () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/tiny-rnn.yaml'), 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.array(setArg, { maxLength: 3 }), async (sets) => {
        try {
          sets.forEach((s) => parseOverride(s));
        } catch (error) {
          expect(isSeqpipeError(error) && error.code).toBe('E_BAD_SET');
          return;
        }
        await check(text, sets);
      }),
      PARAMS,
    );
  });
});

describe('hostile pipeline files through the CLI', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('a sample of mutated files exits 2 with FILE:LINE:COL: CODE lines, never an internal error', async () => {
    const text = readFileSync(join(ROOT, 'pipelines/sine-rnn.yaml'), 'utf8');
    const candidates = fc.sample(mutated(text), { seed: 7, numRuns: 40 });
    const samples: string[] = [];
    for (const t of candidates) {
      if (samples.length < 4 && (await check(t)).some((d) => d.severity === 'error')) samples.push(t);
    }
    expect(samples.length).toBeGreaterThan(0);
    samples.forEach((t, i) => {
      const file = join(dir.path, `m${i}.yaml`);
      writeFileSync(file, t);
      const r = cli(['validate', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^\S+:\d+:\d+: E_[A-Z_]+ /);
    });
  });
});
