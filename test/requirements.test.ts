import { afterEach, describe, expect, it, vi } from 'vitest';
import { need } from './requirements.js';

const SWITCH = 'SEQPIPE_REQUIRE_SELFTEST';
afterEach(() => { delete process.env[SWITCH]; });

describe('need: skip where missing, fail where required', () => {
  it('available: neither skips nor throws', () => {
    const skip = vi.fn();
    need({ skip }, { ok: true }, SWITCH);
    expect(skip).not.toHaveBeenCalled();
  });

  it('missing: skips with the reason', () => {
    const skip = vi.fn();
    need({ skip }, { ok: false, reason: 'no thing here' }, SWITCH);
    expect(skip).toHaveBeenCalledWith('no thing here');
  });

  it('missing while its SEQPIPE_REQUIRE_* switch is 1: throws the reason, does not skip', () => {
    const skip = vi.fn();
    process.env[SWITCH] = '1';
    expect(() => need({ skip }, { ok: false, reason: 'no thing here' }, SWITCH)).toThrow(/no thing here.*SEQPIPE_REQUIRE_SELFTEST=1/);
    expect(skip).not.toHaveBeenCalled();
  });
});
