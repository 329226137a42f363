/**
 * The files a DuckDB-backed source reads: whether they can be read, and the digest of their
 * bytes that keys the source (an edited file re-runs it; a touched but unchanged one does not).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { messages, SeqpipeError } from '@seqpipe/core';
import { displayPath } from '../csv/csv-file.js';

/** Why `file` cannot be read, or undefined when it is a regular file. */
export async function unreadable(file: string): Promise<string | undefined> {
  try {
    return (await stat(file)).isFile() ? undefined : 'not a regular file';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'no such file' : (code ?? String(e));
  }
}

/** E_DATA_NOT_FOUND located at the file, for a file found missing while running (exit 1). */
export function notFound(file: string, detail: string, param: string): SeqpipeError {
  return new SeqpipeError('E_DATA_NOT_FOUND', messages.E_DATA_NOT_FOUND(displayPath(file), detail, param), { file: displayPath(file), exitCode: 1 });
}

export async function requireFile(file: string, param: string): Promise<void> {
  const why = await unreadable(file);
  if (why) throw notFound(file, why, param);
}

/**
 * `sha256:<hex>` of the files' bytes. With `names`, each file's name (as the params give it)
 * and length go in before its bytes, so renaming a file or moving bytes between files changes
 * the digest; without, it is the plain sha256 of one file (as source/csv's).
 */
export async function digestFiles(files: readonly { readonly name: string; readonly file: string }[], names: boolean, param: string): Promise<string> {
  const hash = createHash('sha256');
  for (const { name, file } of files) {
    try {
      if (names) hash.update(`${name}\0${(await stat(file)).size}\0`);
      for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    } catch (e) {
      // Validated a moment ago; gone or unreadable since.
      throw notFound(file, (e as NodeJS.ErrnoException).code ?? String(e), param);
    }
  }
  return `sha256:${hash.digest('hex')}`;
}
