/**
 * A throwaway Redis for the cluster tests: Debian's `redis-server` bound to 127.0.0.1 on a free
 * port, in a temp dir, with no persistence (a restart loses every queued job, the worst case).
 * `scripts/install-redis.sh` installs it; without it the tests skip, unless SEQPIPE_REQUIRE_REDIS=1
 * (CI), where they fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers.js';

export function redisAvailable(): { ok: true } | { ok: false; reason: string } {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (r.status === 0) return { ok: true };
  return { ok: false, reason: 'redis-server is not installed; run `bash scripts/install-redis.sh` (as root) to run the cluster tests' };
}

/** Skips the test (saying why) where Redis is missing, or fails where CI requires it. */
export function needRedis(ctx: { skip(note?: string): void }): void {
  const available = redisAvailable();
  if (available.ok) return;
  if (process.env['SEQPIPE_REQUIRE_REDIS'] === '1') throw new Error(available.reason);
  ctx.skip(available.reason);
}

/** Resolves once the port accepts connections (a bounded number of tries). */
async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(socket.end() && true));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not listen on 127.0.0.1:${port}`);
}

export interface TestRedis {
  readonly url: string;
  /** Kills the server (SIGKILL: nothing saved) and starts a new, empty one on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'seqpipe-redis-'));
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    const started = child;
    process.once('exit', () => started.kill('SIGKILL'));
    await waitForPort(port);
  };
  const kill = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
