/** Long-running seqpipe processes for the cluster tests: workers and a submitting sweep. */
import { spawn } from 'node:child_process';
import { BIN, ROOT, type CliResult } from '../helpers.js';

export interface Proc {
  readonly pid: number;
  stderr(): string;
  readonly exited: Promise<CliResult>;
  /** Resolves once stderr matches (polls the process's own output; rejects if it exits first). */
  until(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  kill(signal?: NodeJS.Signals): void;
}

/** Short locks and stalled checks, so a killed worker's job is retried within seconds. */
export const FAST_STALL = { SEQPIPE_QUEUE_LOCK_MS: '3000', SEQPIPE_QUEUE_STALLED_MS: '1000' };

export function startSeqpipe(args: readonly string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  const stop = (): void => void child.kill('SIGKILL');
  process.once('exit', stop);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) => {
      process.off('exit', stop);
      resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr });
    }),
  );
  let done = false;
  void exited.then(() => (done = true));
  return {
    pid: child.pid!,
    stderr: () => stderr,
    exited,
    kill: (signal = 'SIGKILL') => void child.kill(signal),
    async until(re, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = stderr.match(re);
        if (m) return m;
        if (done) throw new Error(`exited before stderr matched ${re}:\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`stderr did not match ${re} in ${timeoutMs} ms:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

export function startWorker(url: string, stateDir: string, env: Record<string, string> = FAST_STALL): Proc {
  return startSeqpipe(['worker', '--queue', url, '--state-dir', stateDir], env);
}

/** The first of `procs` whose stderr matches, polling all of them. */
export async function firstMatching(procs: readonly Proc[], re: RegExp, timeoutMs = 90_000): Promise<{ proc: Proc; match: RegExpMatchArray }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const proc of procs) {
      const match = proc.stderr().match(re);
      if (match) return { proc, match };
    }
    if (Date.now() > deadline) throw new Error(`no process matched ${re} in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
