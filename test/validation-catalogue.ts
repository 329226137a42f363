/**
 * A catalogue of pipelines that must fail validation: each YAML file's first line says which
 * error(s) validation must report and where (`# expect: CODE LINE:COL`, several separated by ";").
 * Codes and positions are asserted, never message prose. Used by bad-pipelines and bad-ensembles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Seqpipe } from '@seqpipe/cli';
import { describe, expect, it } from 'vitest';

interface Expected { code: string; line?: number; col?: number }

function expectations(dir: string, file: string): Expected[] {
  const first = readFileSync(join(dir, file), 'utf8').split('\n')[0]!;
  const m = /^# expect: (.+)$/.exec(first);
  if (!m) throw new Error(`${file}: first line must be "# expect: CODE LINE:COL"`);
  return m[1]!.split(';').map((part) => {
    const [code, pos] = part.trim().split(/\s+/);
    const [line, col] = pos ? pos.split(':').map(Number) : [];
    return { code: code!, ...(line ? { line, col } : {}) };
  });
}

/** Declares one test per YAML file in `dir`, and one that the catalogue has at least `min` files. */
export function validationCatalogue(title: string, dir: string, min: number): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  describe(title, () => {
    const app = new Seqpipe({ stateDir: join(import.meta.dirname, '..', '.seqpipe-test-unused') });

    it(`has at least ${min} entries`, () => expect(files.length).toBeGreaterThanOrEqual(min));

    for (const file of files) {
      it(file, async () => {
        const { pipeline, diagnostics } = await app.load(join(dir, file));
        expect(pipeline).toBeUndefined();
        const errors = diagnostics.filter((d) => d.severity === 'error');
        const want = expectations(dir, file);
        expect(errors.map((e) => e.code)).toEqual(want.map((w) => w.code));
        want.forEach((w, i) => {
          expect(errors[i]).toMatchObject({ file: join(dir, file), ...w });
        });
      });
    }
  });
}
