/** Shared helpers for end-to-end tests: temp state dirs and running the built CLI. */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const BIN = join(ROOT, 'packages/cli/bin/seqpipe.js');
export const TINY = join(ROOT, 'test/fixtures/tiny-rnn.yaml');

export function tempDir(prefix = 'seqpipe-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `seqpipe` bin (tests run after `npm run build`). */
export function cli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const env = options.env ? { ...process.env, ...options.env } : undefined;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', timeout: 120_000, ...(env ? { env } : {}) });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI without waiting; resolves `whenStderr(re)` once stderr matches. */
export function startCli(args: readonly string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
  // Never leave a child behind when a test fails or times out.
  const stop = (): void => void child.kill('SIGKILL');
  process.once('exit', stop);
  child.on('close', () => process.off('exit', stop));
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr })));
  return {
    child,
    exited,
    whenStderr: (re: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (re.test(stderr)) resolve();
        };
        child.stderr.on('data', check);
        child.on('close', () => reject(new Error(`exited before stderr matched ${re}: ${stderr}`)));
        check();
      }),
  };
}

/** Every stored object's name is the sha256 of its bytes. */
export function verifyObjects(stateDir: string): number {
  const root = join(stateDir, 'objects');
  let count = 0;
  for (const dir of readdirSync(root)) {
    for (const name of readdirSync(join(root, dir))) {
      const digest = createHash('sha256').update(readFileSync(join(root, dir, name))).digest('hex');
      if (digest !== name) throw new Error(`object ${name} is corrupt`);
      count++;
    }
  }
  return count;
}

/** A loopback TCP port free at the time of asking (for a throwaway server). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
