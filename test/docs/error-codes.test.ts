/** docs/reliability.md lists every error code seqpipe has (codes.ts), so users can look each one up. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { messages } from '@seqpipe/core';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

describe('docs/reliability.md', () => {
  it('has every code in packages/core/src/errors/codes.ts in its table of error codes', () => {
    const doc = readFileSync(join(ROOT, 'docs/reliability.md'), 'utf8');
    const table = doc.slice(doc.indexOf('## Error codes'));
    const listed = new Set(table.match(/`[EW]_[A-Z0-9_]+`/g)?.map((c) => c.slice(1, -1)));
    expect(Object.keys(messages).filter((code) => !listed.has(code))).toEqual([]);
  });
});
