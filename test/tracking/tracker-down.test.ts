/**
 * A tracker that is down, failing or hung never fails a run or a sweep, nor slows it beyond the
 * per-request timeout: W_TRACKING_FAILED on stderr, exit 0, the run recorded. No MLflow needed:
 * a closed port, a server answering 500 and one that never answers stand in for it.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, freePort, ROOT, startCli, TINY, tempDir, type CliResult } from '../helpers.js';

const SWEEP = join(ROOT, 'test/fixtures/tiny-sweep.yaml');
const state = tempDir();
const servers: Server[] = [];
let requests = 0;
let failing: string;
let hung: string;
/** Wall time of a fully cached run without tracking: what a down tracker may add to. */
let baseline = 0;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** Runs the CLI without blocking this process (the stand-in servers live here), timing it. */
async function timed(args: readonly string[]): Promise<CliResult & { ms: number }> {
  const start = Date.now();
  const r = await startCli(args).exited;
  return { ...r, ms: Date.now() - start };
}

beforeAll(async () => {
  failing = await listen((req, res) => {
    requests++;
    req.resume();
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"error_code":"INTERNAL_ERROR","message":"database is locked"}');
  });
  hung = await listen((req) => {
    requests++;
    req.resume(); // never answers
  });
  // Fill the cache, then time a fully cached run (the fastest run there is: overhead shows most).
  expect(cli(['run', TINY, '--state-dir', state.path]).code).toBe(0);
  baseline = (await timed(['run', TINY, '--state-dir', state.path])).ms;
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
  state.remove();
});

/** The run succeeded with the warning; returns the seconds spent on the tracker, as the run measured them. */
const warned = (r: CliResult): number => {
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/^warning: W_TRACKING_FAILED run \S+ not logged to MLflow at http:\/\/127\.0\.0\.1:\d+: .*seqpipe track \S+ --track/m);
  const out = JSON.parse(r.stdout);
  expect(out).toMatchObject({ status: 'success', tracking: { error: { code: 'W_TRACKING_FAILED' } } });
  return out.tracking.seconds as number;
};
// Wall-time bounds are loose (the whole suite shares 2 cores); the tracker's own seconds are tight.
const SLACK_MS = 4000;

describe('run --track with the tracker down', () => {
  it('a closed port: the run succeeds at once with W_TRACKING_FAILED', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await timed(['run', TINY, '--state-dir', state.path, '--track', url, '--json']);
    expect(warned(r)).toBeLessThan(1.5);
    expect(r.stderr).toMatch(/connection refused/);
    expect(r.ms - baseline).toBeLessThan(SLACK_MS);
  });

  it('a server answering 500: the run succeeds at once with W_TRACKING_FAILED naming the answer', async () => {
    const before = requests;
    const r = await timed(['run', TINY, '--state-dir', state.path, '--track', failing, '--json']);
    expect(warned(r)).toBeLessThan(1.5);
    expect(r.stderr).toMatch(/HTTP 500 INTERNAL_ERROR: database is locked/);
    expect(requests - before).toBe(1); // the first failure stops the tracker
    expect(r.ms - baseline).toBeLessThan(SLACK_MS);
  });

  it('a server that never answers: the run succeeds after one timeout (SEQPIPE_TRACK_TIMEOUT_MS, 5 s by default)', async () => {
    const r = await timed(['run', TINY, '--state-dir', state.path, '--track', hung, '--json']);
    const seconds = warned(r);
    expect(r.stderr).toMatch(/no answer within 5 s/);
    expect(seconds).toBeGreaterThanOrEqual(4.9);
    expect(seconds).toBeLessThan(6.5);
    expect(r.ms - baseline).toBeLessThan(5000 + SLACK_MS);
  });

  it('a server that is not MLflow (200 with a web page): the run succeeds with W_TRACKING_FAILED', async () => {
    const other = await listen((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
    });
    const r = await timed(['run', TINY, '--state-dir', state.path, '--track', other, '--json']);
    expect(warned(r)).toBeLessThan(1.5);
    expect(r.stderr).toMatch(/experiments\/get-by-name answered without MLflow's fields/);
  });

  it('the pipeline\'s tracking: block is used like --track', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const file = join(state.path, 'tracked.yaml');
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(file, `${readFileSync(TINY, 'utf8')}\ntracking:\n  uri: ${url}\n  experiment: tiny\n`);
    const r = await timed(['run', file, '--state-dir', state.path, '--json']);
    warned(r);
    expect(r.stderr).toContain(url);
  });
});

describe('sweep --track with the tracker down', () => {
  it('warns once for the whole sweep, which succeeds, and says how to send it later', async () => {
    const before = requests;
    const r = await timed(['sweep', SWEEP, '--grid', 'model.layers.0.cell=simpleRNN', '--seeds', '1,2', '--jobs', '1', '--state-dir', state.path, '--track', failing, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/W_TRACKING_FAILED/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/2 of the 2 variants of sweep \S+ not logged.*seqpipe track --sweep \S+ --track/);
    expect(requests - before).toBe(1);
  });
});

describe('seqpipe track and --track errors', () => {
  it('seqpipe track with the tracker down exits 1 with E_TRACKING_FAILED', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await timed(['track', 'latest', '--track', url, '--state-dir', state.path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E_TRACKING_FAILED cannot log run \S+ to MLflow at/m);
  });

  it('a --track that is not http(s) is a usage error (exit 2) before anything runs', () => {
    for (const cmd of [['run', TINY], ['sweep', SWEEP], ['track', 'latest']]) {
      const r = cli([...cmd, '--track', 'ftp://127.0.0.1:1', '--state-dir', state.path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/E_USAGE .*--track must be an MLflow tracking server's http\(s\):\/\/HOST:PORT address/);
    }
  });

  it('a tracking: block is validated like the rest of the file (located, exit 2)', async () => {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const tiny = readFileSync(TINY, 'utf8');
    const line = tiny.trimEnd().split('\n').length + 1; // tracking:
    const file = join(state.path, 'bad-tracking.yaml');
    writeFileSync(file, `${tiny.trimEnd()}\ntracking:\n  uri: localhost:5000\n  experimnt: x\n`);
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`bad-tracking.yaml:${line + 1}:8: E_INVALID_VALUE tracking.uri`);
    expect(r.stderr).toMatch(new RegExp(`bad-tracking.yaml:${line + 2}:3: E_UNKNOWN_KEY .*did you mean "experiment"`));
  });
});
