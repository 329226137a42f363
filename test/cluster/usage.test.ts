/** `--queue` and `seqpipe worker` usage errors: coded, exit 2 (or 1 for an unreachable Redis), no Redis needed. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers.js';

const SWEEP = join(ROOT, 'test/fixtures/tiny-sweep.yaml');

describe('queue usage errors', () => {
  it('worker needs --queue; a bad URL is E_QUEUE_URL; --jobs with --queue is E_USAGE', () => {
    expect(cli(['worker'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^E_USAGE /) });
    expect(cli(['worker', '--queue', 'http://127.0.0.1:1'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^E_QUEUE_URL /) });
    expect(cli(['worker', '--queue', 'redis://127.0.0.1:6379', '--concurrency', '0'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^E_USAGE /) });
    expect(cli(['sweep', SWEEP, '--jobs', '2', '--queue', 'redis://127.0.0.1:6379'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^E_USAGE /) });
  });

  it('a Redis that cannot be reached is E_QUEUE_CONNECT (exit 1), not a hang, and the password is not printed', () => {
    // Port 1 on loopback: nothing listens there.
    const r = cli(['run', join(ROOT, 'test/fixtures/tiny-rnn.yaml'), '--queue', 'redis://:hunter2@127.0.0.1:1', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ errors: [{ code: 'E_QUEUE_CONNECT' }] });
    expect(r.stderr + r.stdout).not.toContain('hunter2');
    expect(cli(['worker', '--queue', 'redis://127.0.0.1:1'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/E_QUEUE_CONNECT/) });
  });
});
