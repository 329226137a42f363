/**
 * A throwaway MLflow tracking server for the tracking tests: `mlflow server` from the venv that
 * scripts/install-mlflow.sh makes (.venv-mlflow/, or SEQPIPE_MLFLOW=/path/to/mlflow), with a
 * SQLite backend and artifacts served by the server (the proxy seqpipe uploads through), on a free
 * loopback port, in a temp dir. Start-up takes ~20 s, so each test file starts one. Without mlflow
 * the tests skip, unless SEQPIPE_REQUIRE_MLFLOW=1 (CI), where they fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from '../helpers.js';
import { need, type Availability } from '../requirements.js';

export const REQUIRE_MLFLOW = 'SEQPIPE_REQUIRE_MLFLOW';
export const MLFLOW = process.env['SEQPIPE_MLFLOW'] ?? join(ROOT, '.venv-mlflow/bin/mlflow');

export const mlflowAvailable: Availability = existsSync(MLFLOW)
  ? { ok: true }
  : { ok: false, reason: `${MLFLOW} is missing; run \`bash scripts/install-mlflow.sh\` to run the MLflow tracking tests` };

/** First line of an MLflow test: skips where mlflow is missing, fails there if SEQPIPE_REQUIRE_MLFLOW=1. */
export const needMlflow = (ctx: { skip(note?: string): void }): void => need(ctx, mlflowAvailable, REQUIRE_MLFLOW);

export interface TestMlflow {
  readonly url: string;
  /** The server's last output (for a failing test's message). */
  log(): string;
  /** GET /api/2.0/mlflow/<path>?query, parsed; throws on a non-2xx answer. */
  get<T = any>(path: string, query?: Record<string, string>): Promise<T>;
  post<T = any>(path: string, body: object): Promise<T>;
  stop(): Promise<void>;
}

export async function startMlflow(): Promise<TestMlflow> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'seqpipe-mlflow-'));
  const url = `http://127.0.0.1:${port}`;
  // Its own process group: `mlflow server` starts uvicorn and a job runner, and stop() ends all three.
  const child: ChildProcess = spawn(MLFLOW, [
    'server', '--backend-store-uri', `sqlite:///${join(dir, 'mlflow.db')}`, '--serve-artifacts', '--artifacts-destination', join(dir, 'artifacts'),
    '--host', '127.0.0.1', '--port', String(port), '--workers', '1',
  ], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  child.stderr!.on('data', (d) => (log = (log + d).slice(-4000)));
  const kill = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const onExit = (): void => kill('SIGKILL');
  process.once('exit', onExit);
  const stop = async (): Promise<void> => {
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    kill('SIGKILL'); // whatever of the group is left
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready when /health answers (bounded: 120 s on a loaded 2-core machine).
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mlflow server exited (${child.exitCode}): ${log}`);
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`mlflow server did not answer on ${url} within 120 s: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const answer = async (r: Response): Promise<any> => {
    const text = await r.text();
    if (!r.ok) throw new Error(`${r.url}: HTTP ${r.status} ${text}`);
    return JSON.parse(text);
  };
  // A fresh server answers /health at once but each endpoint's first call imports for seconds
  // (longer than seqpipe's 5 s request timeout on a loaded machine): call each kind once.
  const warm = async (method: string, path: string, body?: object | string): Promise<any> => {
    const r = await fetch(`${url}${path}`, {
      method, signal: AbortSignal.timeout(60_000), ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      headers: { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' },
    });
    return r.json().catch(() => ({}));
  };
  const api = '/api/2.0/mlflow';
  await warm('GET', `${api}/experiments/get-by-name?experiment_name=warm-up`);
  const { experiment_id: experiment } = await warm('POST', `${api}/experiments/create`, { name: 'warm-up' });
  const { run } = await warm('POST', `${api}/runs/create`, { experiment_id: experiment, start_time: 0 });
  const runId = run.info.run_id as string;
  await warm('POST', `${api}/runs/log-batch`, { run_id: runId, params: [{ key: 'p', value: '1' }], metrics: [{ key: 'm', value: 1, step: 0, timestamp: 0 }], tags: [{ key: 't', value: '1' }] });
  await warm('PUT', `/api/2.0/mlflow-artifacts/artifacts/${experiment}/${runId}/artifacts/warm.txt`, 'warm');
  await warm('POST', `${api}/runs/set-tag`, { run_id: runId, key: 'k', value: 'v' });
  await warm('POST', `${api}/runs/search`, { experiment_ids: [experiment], max_results: 1 });
  await warm('POST', `${api}/runs/update`, { run_id: runId, status: 'FINISHED', end_time: 1 });
  // The tests block this process in spawnSync for seconds, long enough for the server to close an
  // idle keep-alive socket unseen: a request on such a socket is tried once more on a new one.
  const send = async (input: string, init?: RequestInit): Promise<Response> => {
    try {
      return await fetch(input, init);
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
      return fetch(input, init);
    }
  };
  return {
    url,
    log: () => log,
    get: async (path, query = {}) => answer(await send(`${url}/api/2.0/mlflow/${path}?${new URLSearchParams(query)}`)),
    post: async (path, body) => answer(await send(`${url}/api/2.0/mlflow/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })),
    stop,
  };
}
