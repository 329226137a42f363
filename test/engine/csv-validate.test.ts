/** Validating a CSV pipeline inspects the file (exists, columns) without loading TensorFlow. */
import { join } from 'node:path';
import { parseOverride } from '@seqpipe/core';
import { Seqpipe } from '@seqpipe/cli';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';

describe('validate with source/csv', () => {
  const state = tempDir('seqpipe-csv-validate-');
  const file = join(ROOT, 'pipelines/msft-lstm.yaml');

  it('resolves the path against the pipeline folder and never loads TensorFlow', async () => {
    const app = new Seqpipe({ stateDir: state.path });
    const { pipeline, diagnostics } = await app.load(file);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(pipeline?.dir).toBe(join(ROOT, 'pipelines'));
    expect(app.env.tensorCount()).toBeUndefined();
  });

  it('locates a missing column at its entry in the pipeline, with a did-you-mean', async () => {
    const app = new Seqpipe({ stateDir: state.path });
    const overrides = ['prices.columns=[price, prise]', 'prices.time=Date', 'prices.where={ sym: MSFT }'].map(parseOverride);
    const { pipeline, diagnostics } = await app.load(file, { overrides });
    expect(pipeline).toBeUndefined();
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['E_CSV_MISSING_COLUMN', ['stages', 'prices', 'with', 'time']],
      ['E_CSV_MISSING_COLUMN', ['stages', 'prices', 'with', 'columns', 1]],
      ['E_CSV_MISSING_COLUMN', ['stages', 'prices', 'with', 'where', 'sym']],
    ]);
    expect(errors[0]!.message).toMatch(/did you mean "date"/);
    expect(errors[1]!.message).toMatch(/did you mean "price"/);
    expect(app.env.tensorCount()).toBeUndefined();
  });
});
