/**
 * The catalogue of bad list inputs and ensembles (issue 16), read like bad-pipelines/: each file's
 * first line says which error(s) validation must report and where (`# expect: CODE LINE:COL`).
 * A list item's error is located at the item.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Seqpipe } from '@seqpipe/cli';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, 'bad-ensembles');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

interface Expected { code: string; line?: number; col?: number }

function expectations(file: string): Expected[] {
  const first = readFileSync(join(dir, file), 'utf8').split('\n')[0]!;
  const m = /^# expect: (.+)$/.exec(first);
  if (!m) throw new Error(`${file}: first line must be "# expect: CODE LINE:COL"`);
  return m[1]!.split(';').map((part) => {
    const [code, pos] = part.trim().split(/\s+/);
    const [line, col] = pos ? pos.split(':').map(Number) : [];
    return { code: code!, ...(line ? { line, col } : {}) };
  });
}

describe('bad ensembles catalogue', () => {
  const app = new Seqpipe({ stateDir: join(import.meta.dirname, '..', '.seqpipe-test-unused') });

  it('has at least 10 entries', () => expect(files.length).toBeGreaterThanOrEqual(10));

  for (const file of files) {
    it(file, async () => {
      const { pipeline, diagnostics } = await app.load(join(dir, file));
      expect(pipeline).toBeUndefined();
      const errors = diagnostics.filter((d) => d.severity === 'error');
      const want = expectations(file);
      expect(errors.map((e) => e.code)).toEqual(want.map((w) => w.code));
      want.forEach((w, i) => {
        expect(errors[i]).toMatchObject({ file: join(dir, file), ...w });
      });
    });
  }
});
