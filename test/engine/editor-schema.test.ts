/** schemas/pipeline.schema.json, as an editor uses it: accepts every bundled pipeline, rejects bad params. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/pipeline.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const read = (file: string): unknown => parse(readFileSync(file, 'utf8'));

describe('editor schema', () => {
  for (const name of readdirSync(join(ROOT, 'pipelines')).filter((f) => f.endsWith('.yaml'))) {
    it(`accepts pipelines/${name}`, () => {
      expect(validate(read(join(ROOT, 'pipelines', name))), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  it('rejects an unknown parameter of a plugin, chosen by `uses`', () => {
    const doc = read(join(ROOT, 'pipelines/sine-rnn.yaml')) as { stages: Record<string, { with?: object }> };
    doc.stages.windows!.with = { lookbak: 10 };
    expect(validate(doc)).toBe(false);
    expect(validate.errors!.some((e) => e.instancePath === '/stages/windows/with' && e.keyword === 'additionalProperties')).toBe(true);
  });

  it('rejects an unknown plugin', () => {
    const doc = read(join(ROOT, 'pipelines/sine-rnn.yaml')) as { stages: Record<string, { uses: string }> };
    doc.stages.model!.uses = 'model/transformer';
    expect(validate(doc)).toBe(false);
  });
});
