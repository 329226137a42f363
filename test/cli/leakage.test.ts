/** Leakage-free scaling by default: the rows after training change no fitted scaler parameter. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromBytes } from '@seqpipe/core';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { writePipeline, type Stages } from './evaluation-helpers.js';

const dir = tempDir();
afterAll(() => dir.remove());

/**
 * Two sines with the same first 100 rows (x = i · 0.2) and the same 47 training windows (rows
 * 0–51); the longer one has 100 more rows after them, none of which may reach the scaler.
 */
function pipeline(name: string, long: boolean, scaler: Stages[string]): string {
  return writePipeline(dir.path, name, {
    series: { uses: 'source/sine', with: long ? { points: 201, stop: 40 } : { points: 101, stop: 20 } },
    scaled: scaler,
    windows: { uses: 'windower/sliding', from: 'scaled', with: { lookback: 5 } },
    split: { uses: 'splitter/ratio', from: 'windows', with: { train: long ? 0.242 : 0.5 } },
  });
}

/** The affine transform the scaler recorded, read from the stored artifact. */
function fitted(file: string): unknown {
  const r = cli(['run', file, '--state-dir', dir.path, '--json']);
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout);
  const digest: string = JSON.parse(readFileSync(join(out.runDir, 'run.json'), 'utf8')).stages.find((s: { id: string }) => s.id === 'scaled').digest;
  const header = fromBytes(readFileSync(join(dir.path, 'objects', digest.slice(0, 2), digest))).header as { transforms: unknown[] };
  return header.transforms.at(-1);
}

describe('leakage-free scalers', () => {
  // Every scaler meets an outlier in a CSV below; one is enough for the sine's longer tail.
  for (const uses of ['scaler/minmax']) {
    it(`${uses} fits on the training rows only, by default`, () => {
      const short = fitted(pipeline(`short-${uses.split('/')[1]}`, false, { uses, from: 'series' }));
      const long = fitted(pipeline(`long-${uses.split('/')[1]}`, true, { uses, from: 'series' }));
      expect(long).toEqual(short);
    });
  }

  it('fitFraction: 1 stays an explicit choice that leaks, and validate says so at its position', () => {
    const file = pipeline('leaky', true, { uses: 'scaler/minmax', from: 'series', with: { fitFraction: 1 } });
    expect(fitted(file)).not.toEqual(fitted(pipeline('short-minmax', false, { uses: 'scaler/minmax', from: 'series' })));
    const v = cli(['validate', file]);
    expect(v.code).toBe(0);
    expect(v.stderr).toMatch(/leaky\.yaml:\d+:\d+: W_SCALER_LEAK \[stage scaled\]/);
  });

  it('warns when a fraction reaches past the training rows, and not when it stays within them', () => {
    // 101 rows: training windows read rows 0–51; 0.6 fits 60 rows, 0.5 fits 50.
    const over = cli(['validate', pipeline('over', false, { uses: 'scaler/robust', from: 'series', with: { fitFraction: 0.6 } }), '--json']);
    expect(JSON.parse(over.stdout)).toMatchObject({ status: 'valid', warnings: 1 });
    expect(over.stderr).toMatch(/W_SCALER_LEAK \[stage scaled\]/);
    const within = cli(['validate', pipeline('within', false, { uses: 'scaler/robust', from: 'series', with: { fitFraction: 0.5 } }), '--json']);
    expect(JSON.parse(within.stdout)).toMatchObject({ status: 'valid', warnings: 0 });
  });

  it('records the resolved fit extent in the run\'s pipeline.json (and so in the cache key)', () => {
    const r = cli(['run', pipeline('short-minmax', false, { uses: 'scaler/minmax', from: 'series' }), '--state-dir', dir.path, '--json']);
    const resolved = JSON.parse(readFileSync(join(JSON.parse(r.stdout).runDir, 'pipeline.json'), 'utf8'));
    expect(resolved.stages.scaled.with.fitTo).toEqual([
      { uses: 'windower/sliding', params: expect.objectContaining({ lookback: 5 }) },
      { uses: 'splitter/ratio', params: expect.objectContaining({ train: 0.5 }) },
    ]);
  });

  it('refuses to guess when the scaler feeds two windowers', () => {
    const file = writePipeline(dir.path, 'fork', {
      series: { uses: 'source/sine', with: { points: 50 } },
      scaled: { uses: 'scaler/standard', from: 'series' },
      a: { uses: 'windower/sliding', from: 'scaled' },
      b: { uses: 'windower/sliding', from: 'scaled', with: { lookback: 3 } },
    });
    const r = cli(['validate', file, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ code: 'E_FIT_EXTENT', stage: 'scaled' })]);
  });

  it('a test-range outlier in a CSV changes no fitted parameter of any scaler (default fit)', () => {
    // 60 rows; lookback 5 → 54 windows, 37 train → training windows read rows 0–41. Row 55 is a test row.
    const rows = (outlier: boolean) => ['v', ...Array.from({ length: 60 }, (_, i) => (outlier && i === 55 ? 1e6 : 10 + Math.sin(i / 4)))].join('\n');
    writeFileSync(join(dir.path, 'clean.csv'), rows(false));
    writeFileSync(join(dir.path, 'outlier.csv'), rows(true));
    for (const uses of ['scaler/minmax', 'scaler/standard', 'scaler/robust']) {
      const csv = (file: string) => writePipeline(dir.path, `csv-${file}-${uses.split('/')[1]}`, {
        series: { uses: 'source/csv', with: { path: `${file}.csv`, columns: ['v'] } },
        scaled: { uses, from: 'series' },
        windows: { uses: 'windower/sliding', from: 'scaled', with: { lookback: 5 } },
        split: { uses: 'splitter/ratio', from: 'windows', with: { train: 0.7 } },
      });
      expect(fitted(csv('outlier')), uses).toEqual(fitted(csv('clean')));
    }
  });
});
