/** E_VALUE_OVERFLOW: arithmetic on finite values that left the floating-point range, at the stage that did it. */
import { messages, SeqpipeError } from '@seqpipe/core';

export function overflow(uses: string, detail: string): SeqpipeError {
  return new SeqpipeError('E_VALUE_OVERFLOW', messages.E_VALUE_OVERFLOW(uses, detail), { exitCode: 1 });
}

/** Largest finite float32: windows hold float32, so a series value beyond it becomes Infinity there. */
export const FLOAT32_MAX = 3.4028234663852886e38;
