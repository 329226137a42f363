/**
 * The process's standard streams at exit. Writes to a pipe that is full are queued in memory
 * (a pipe holds 64 KiB), so `process.exit` right after a large write cuts the output short:
 * `seqpipe … --json | reader` must get every byte, however slowly the reader reads.
 */

/** Exits with `code` once everything written to stdout and stderr so far has reached them. */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  const streams = [process.stdout, process.stderr].filter((s) => s.writable && !s.destroyed);
  let pending = streams.length;
  const done = (): void => {
    if (--pending <= 0) process.exit(code);
  };
  if (!pending) process.exit(code);
  // A write's callback runs once it and everything queued before it are written (or failed).
  for (const s of streams) s.write('', done);
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
