/**
 * Relative links in markdown: each must name an existing file or folder, and a `#anchor` into a
 * markdown file must name one of its headings (GitHub's slugs). Links inside code are not links.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const FENCED = /^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm;

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of markdown.replace(FENCED, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = heading!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    slugs.add(n ? `${base}-${n}` : base);
  }
  return slugs;
}

export interface Link { target: string; path: string; anchor?: string }

/** The relative links of a markdown file (outside code), each resolved against its folder. */
export function relativeLinks(file: string): Link[] {
  const prose = readFileSync(file, 'utf8').replace(FENCED, '').replace(/`[^`\n]*`/g, '');
  const links: Link[] = [];
  for (const [, target] of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target!)) continue; // https:, mailto:
    const [path, anchor] = target!.split('#', 2) as [string, string | undefined];
    links.push({ target: target!, path: path ? resolve(dirname(file), decodeURIComponent(path)) : file, ...(anchor ? { anchor } : {}) });
  }
  return links;
}

/** Every broken relative link in `file`, as `file: target (why)`. */
export function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const { target, path, anchor } of relativeLinks(file)) {
    if (!existsSync(path)) broken.push(`${file}: ${target} (no such file)`);
    else if (anchor && statSync(path).isFile() && path.endsWith('.md') && !headingSlugs(readFileSync(path, 'utf8')).has(anchor)) {
      broken.push(`${file}: ${target} (no heading #${anchor})`);
    }
  }
  return broken;
}

/** Markdown files under `dir`, recursively. */
export function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(dir, name))
    .sort();
}
