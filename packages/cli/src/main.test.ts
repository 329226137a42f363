/** The error boundary: coded errors are one line; anything else is a bug, reported as one. */
import { SeqpipeError } from '@seqpipe/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportError } from './main.js';

function captured(fn: () => number): { code: number; text: string } {
  let text = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((text += String(chunk)), true));
  try {
    return { code: fn(), text };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.unstubAllEnvs());

describe('reportError', () => {
  it('an unexpected error: E_INTERNAL in one line plus how to report it; no stack', () => {
    vi.stubEnv('SEQPIPE_DEBUG', '');
    const { code, text } = captured(() => reportError(new TypeError('boom\nsecond line')));
    expect(code).toBe(1);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('E_INTERNAL internal error: TypeError: boom');
    expect(lines[1]).toMatch(/SEQPIPE_DEBUG=1/);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('SEQPIPE_DEBUG=1 adds the stack of the root cause', () => {
    vi.stubEnv('SEQPIPE_DEBUG', '1');
    const cause = new RangeError('deep down');
    const { code, text } = captured(() => reportError(new SeqpipeError('E_STATE_IO', 'cannot use "x"', { cause, exitCode: 1 })));
    expect(code).toBe(1);
    expect(text).toMatch(/^E_STATE_IO cannot use "x"\nRangeError: deep down\n\s+at /);
  });

  it('a coded error keeps its exit code and prints no stack by default', () => {
    vi.stubEnv('SEQPIPE_DEBUG', '');
    const { code, text } = captured(() => reportError(new SeqpipeError('E_USAGE', 'bad flag', { cause: new Error('x') })));
    expect(code).toBe(2);
    expect(text).toBe('E_USAGE bad flag\n');
  });
});
