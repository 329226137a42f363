/** Every relative link in README.md, ARCHITECTURE.md and docs/ resolves (file, folder or heading). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { brokenLinks, headingSlugs, markdownFiles, relativeLinks } from './markdown-links.js';

const docs = [join(ROOT, 'README.md'), join(ROOT, 'ARCHITECTURE.md'), ...markdownFiles(join(ROOT, 'docs'))];

describe('markdown links', () => {
  it('README.md, ARCHITECTURE.md and every docs/**/*.md page link only to what exists', () => {
    expect(docs.length).toBeGreaterThan(10);
    expect(docs.flatMap(brokenLinks).map((b) => b.replace(`${ROOT}/`, ''))).toEqual([]);
  });

  it('every docs page is reachable from README.md or another page', () => {
    const linked = new Set(docs.flatMap((file) => relativeLinks(file).map((l) => l.path)));
    const orphans = markdownFiles(join(ROOT, 'docs')).filter((f) => !linked.has(f)).map((f) => f.replace(`${ROOT}/`, ''));
    expect(orphans).toEqual([]);
  });
});

describe('the link checker', () => {
  const dir = tempDir('seqpipe-links-');
  afterAll(() => dir.remove());

  it('finds a missing file and a missing heading, and ignores code, URLs and good links', () => {
    mkdirSync(join(dir.path, 'sub'));
    writeFileSync(join(dir.path, 'sub', 'b.md'), '# Title\n\n## Native backend (optional)\n\n## What `npm test` runs\n');
    writeFileSync(join(dir.path, 'a.md'), [
      '[ok](sub/b.md) [ok](sub/b.md#native-backend-optional) [ok](sub/b.md#what-npm-test-runs) [ok](sub/) [ok](#top)',
      '[gone](missing.md) [bad anchor](sub/b.md#nope) [web](https://example.com/x.md)',
      '`[code](nowhere.md)`',
      '```', '[fenced](nowhere.md)', '```',
      '# Top',
    ].join('\n'));
    expect(brokenLinks(join(dir.path, 'a.md')).map((b) => b.replace(`${dir.path}/`, ''))).toEqual([
      'a.md: missing.md (no such file)',
      'a.md: sub/b.md#nope (no heading #nope)',
    ]);
  });

  it('numbers repeated headings as GitHub does', () => {
    expect([...headingSlugs('# A\n## A\n### 1. Redis, protected\n')]).toEqual(['a', 'a-1', '1-redis-protected']);
  });
});
