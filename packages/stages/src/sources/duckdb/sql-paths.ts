/**
 * Relative file names in a source/sql query, made absolute: every single-quoted string literal
 * that names a listed file (resolved against the pipeline's folder, however it is spelled:
 * 'prices.csv', './prices.csv', or absolute) becomes that file's absolute path.
 *
 * Why rewrite rather than point DuckDB at the folder: DuckDB's `file_search_path` is tried only
 * after the process's working directory, so a same-named file there would be read instead of
 * the one the cache key covers, and the process's directory cannot change per stage (stages run
 * side by side in one process). Any other relative name is left alone; the sandbox then refuses
 * it, since only the listed absolute paths may be opened.
 *
 * Comments, double-quoted identifiers, E'…' escape strings and $$…$$ strings are skipped
 * untouched. A literal equal to a listed file's name is taken as that file even where it is
 * compared as text (`where name = 'prices.csv'`): rare, and documented.
 */
import { resolve } from 'node:path';

export function absoluteFileLiterals(query: string, dir: string, files: readonly string[]): string {
  const listed = new Set(files);
  let out = '';
  let i = 0;
  const copyUntil = (end: number): void => {
    out += query.slice(i, end);
    i = end;
  };
  while (i < query.length) {
    const c = query[i]!;
    const next = query[i + 1];
    if (c === '-' && next === '-') {
      const end = query.indexOf('\n', i);
      copyUntil(end < 0 ? query.length : end);
    } else if (c === '/' && next === '*') {
      const end = query.indexOf('*/', i + 2);
      copyUntil(end < 0 ? query.length : end + 2);
    } else if (c === '"') {
      copyUntil(closing(query, i, '"'));
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(query.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(query.slice(i))![0];
      const end = query.indexOf(tag, i + tag.length);
      copyUntil(end < 0 ? query.length : end + tag.length);
    } else if (c === "'") {
      const escaped = /[eE]/.test(query[i - 1] ?? '') && !/[A-Za-z0-9_]/.test(query[i - 2] ?? '');
      const end = closing(query, i, "'", escaped);
      const text = query.slice(i + 1, end - 1).replaceAll("''", "'");
      const file = escaped || end > query.length ? undefined : resolve(dir, text);
      if (file !== undefined && text !== '' && listed.has(file)) {
        out += `'${file.replaceAll("'", "''")}'`;
        i = end;
      } else copyUntil(end);
    } else {
      copyUntil(i + 1);
    }
  }
  return out;
}

/** Index just past the quote closing the one at `start` (a doubled quote is part of the text). */
function closing(query: string, start: number, quote: string, backslashes = false): number {
  let i = start + 1;
  while (i < query.length) {
    const c = query[i]!;
    if (backslashes && c === '\\') i += 2;
    else if (c === quote && query[i + 1] === quote) i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return query.length + 1;
}
