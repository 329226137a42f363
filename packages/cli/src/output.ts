/**
 * seqpipe's stdout. `out` is the one writer of seqpipe's own output (with --json: one object);
 * while a command runs, anything else written to process.stdout — a plugin's console.log at import
 * or in its stage, a library's banner — goes to stderr, so it cannot corrupt what scripts parse.
 *
 * At exit: writes to a full pipe (a pipe holds 64 KiB) are queued in memory, so `process.exit`
 * right after a large write cuts the output short; `seqpipe … --json | reader` must get every
 * byte, however slowly the reader reads.
 */

// Bound before any diversion: the real stdout.
const stdoutWrite = process.stdout.write.bind(process.stdout);

/** Writes seqpipe's own output to stdout. */
export function out(text: string): void {
  stdoutWrite(text);
}

/** Until the returned function is called, other writes to process.stdout go to stderr. */
export function divertStrayStdout(): () => void {
  const own = Object.getOwnPropertyDescriptor(process.stdout, 'write');
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => process.stderr.write(chunk, ...rest)) as typeof process.stdout.write;
  return () => {
    if (own) Object.defineProperty(process.stdout, 'write', own);
    else delete (process.stdout as Partial<NodeJS.WriteStream>).write;
  };
}

/** Exits with `code` once everything written to stdout and stderr so far has reached them. */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  const writes = [
    { stream: process.stdout, write: stdoutWrite },
    { stream: process.stderr, write: process.stderr.write.bind(process.stderr) },
  ].filter(({ stream }) => stream.writable && !stream.destroyed);
  let pending = writes.length;
  const done = (): void => {
    if (--pending <= 0) process.exit(code);
  };
  if (!pending) process.exit(code);
  // A write's callback runs once it and everything queued before it are written (or failed).
  for (const { write } of writes) write('', done);
}

/**
 * A reader that goes away (`seqpipe runs --json | head -c 100`) is its choice, not a failure of
 * seqpipe: further output to that stream is dropped instead of failing the command.
 */
export function ignoreClosedReaders(): void {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}
