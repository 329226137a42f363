/**
 * The error boundary between the file system and the user: an errno from a store or run-record
 * operation becomes a coded SeqpipeError naming the path, never a stack trace. The original error
 * stays as `cause` (printed with SEQPIPE_DEBUG=1).
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { messages } from '../errors/codes.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';

const errnoOf = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null ? ((error as NodeJS.ErrnoException).code ?? undefined) : undefined;

/** Maps an errno error about `path` to a state-dir code (exit 1); other errors pass through. */
export function stateError(error: unknown, path: string): unknown {
  if (error instanceof SeqpipeError) return error;
  const failing = (error as NodeJS.ErrnoException | undefined)?.path ?? path;
  // Readers handle ENOENT themselves, so here it comes from creating a folder: recursive mkdir
  // says ENOENT on a read-only file system. Ask the nearest existing ancestor for the real cause.
  const errno = errnoOf(error) === 'ENOENT' ? (ancestorErrno(failing) ?? 'ENOENT') : errnoOf(error);
  const make = (code: keyof typeof messages, message: string): SeqpipeError =>
    new SeqpipeError(code, message, { cause: error, exitCode: 1 });
  switch (errno) {
    case 'ENOTDIR':
    case 'EEXIST':
      return make('E_STATE_NOT_DIR', messages.E_STATE_NOT_DIR(notDirPath(failing)));
    case 'ENOSPC':
    case 'EDQUOT':
      return make('E_STATE_NO_SPACE', messages.E_STATE_NO_SPACE(failing));
    case 'EROFS':
      return make('E_STATE_READ_ONLY', messages.E_STATE_READ_ONLY(failing));
    case 'EACCES':
    case 'EPERM':
      return make('E_STATE_PERMISSION', messages.E_STATE_PERMISSION(failing));
    case 'EMFILE':
    case 'ENFILE':
      // The process's (or system's) descriptor limit, not the state dir, is at fault.
      return make('E_TOO_MANY_FILES', messages.E_TOO_MANY_FILES(failing));
    case undefined:
      return error;
    default:
      return make('E_STATE_IO', messages.E_STATE_IO(failing, `${errno} (${(error as Error).message.split(',')[0]})`));
  }
}

/** Runs `op`, mapping file-system errors about `path`. */
export async function guardState<T>(path: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    throw stateError(error, path);
  }
}

export function guardStateSync<T>(path: string, op: () => T): T {
  try {
    return op();
  } catch (error) {
    throw stateError(error, path);
  }
}

/**
 * ENOTDIR names the path being created (`state/tmp`); the culprit is the ancestor that is a file.
 * Runs once, on the error path, so synchronous stats are fine.
 */
function notDirPath(path: string): string {
  for (let current = path; ; current = dirname(current)) {
    const info = statOrUndefined(current);
    if (info && !info.isDirectory()) return current;
    if (dirname(current) === current) return path;
  }
}

function ancestorErrno(path: string): string | undefined {
  for (let current = dirname(path); ; current = dirname(current)) {
    const info = statOrUndefined(current);
    if (info) {
      if (!info.isDirectory()) return 'ENOTDIR';
      try {
        accessSync(current, constants.W_OK);
        return undefined;
      } catch (error) {
        return errnoOf(error);
      }
    }
    if (dirname(current) === current) return undefined;
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
