/**
 * What some tests need from the machine: chromium for the report browser tests, tmpfs mounts for
 * the read-only and disk-full cases (redis and the native backend have their own checks, in
 * test/cluster/redis-server.ts and test/native/parity.test.ts). Where one is missing its tests
 * skip, saying why; where its SEQPIPE_REQUIRE_* switch is 1 they fail instead: .ci/run sets every
 * switch, so CI can never pass by skipping.
 */
export type Availability = { ok: true } | { ok: false; reason: string };

export const REQUIRE_BROWSER = 'SEQPIPE_REQUIRE_BROWSER';
export const REQUIRE_MOUNTS = 'SEQPIPE_REQUIRE_MOUNTS';

/** Call first in a test: returns where available, skips (with the reason) or, when required, throws. */
export function need(ctx: { skip(note?: string): void }, available: Availability, requireSwitch: string): void {
  if (available.ok) return;
  if (process.env[requireSwitch] === '1') throw new Error(`${available.reason} (${requireSwitch}=1 makes this a failure)`);
  ctx.skip(available.reason);
}
