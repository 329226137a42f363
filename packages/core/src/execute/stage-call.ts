/**
 * Calls a stage's `run` so that it always ends, and so that only a whole result is ever stored.
 *
 * - An abort (Ctrl-C, SIGTERM, --max-seconds, --max-memory) gives the stage `ABORT_GRACE_MS` to
 *   notice its signal; a stage that ignores it (a plugin awaiting a long timer) is abandoned and the
 *   job rejects with the abort's reason.
 * - A result returned after the signal aborted is discarded: a stage that stopped early when asked
 *   (a CSV read cut short) may return a partial value, and that must never be keyed as complete.
 * - A stage awaiting a promise that nothing can settle would let Node exit silently (code 13) once
 *   its event loop is empty; `beforeExit` fires just then, and the job rejects with E_STAGE_STALLED.
 */
import { setMaxListeners } from 'node:events';
import { messages } from '../errors/codes.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';

/** How long an aborted stage may take to stop by itself before it is abandoned. */
export const ABORT_GRACE_MS = 2000;

// One `beforeExit` listener for every stage in flight (a backtest runs dozens at once, and Node
// warns past 10 listeners on one emitter).
const idleWaiters = new Set<() => void>();
const onBeforeExit = (): void => [...idleWaiters].forEach((f) => f());
function waitIdle(f: () => void): void {
  if (idleWaiters.size === 0) process.on('beforeExit', onBeforeExit);
  idleWaiters.add(f);
}
function stopWaitingIdle(f: () => void): void {
  if (idleWaiters.delete(f) && idleWaiters.size === 0) process.off('beforeExit', onBeforeExit);
}

export function callStage<T>(stage: string, signal: AbortSignal, run: () => Promise<T>, graceMs: number = ABORT_GRACE_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let grace: NodeJS.Timeout | undefined;
    const abortReason = (): unknown => signal.reason ?? new SeqpipeError('E_INTERRUPTED', messages.E_INTERRUPTED(), { exitCode: 1 });
    const settle = (): void => {
      signal.removeEventListener('abort', onAbort);
      stopWaitingIdle(onIdle);
      clearTimeout(grace);
    };
    const onAbort = (): void => {
      grace = setTimeout(() => {
        settle();
        reject(abortReason());
      }, graceMs);
    };
    const onIdle = (): void => {
      settle();
      reject(new SeqpipeError('E_STAGE_STALLED', messages.E_STAGE_STALLED(stage), { stage, exitCode: 1 }));
    };
    setMaxListeners(0, signal); // every stage in flight listens on the run's one signal, each removes itself
    signal.addEventListener('abort', onAbort, { once: true });
    waitIdle(onIdle);
    if (signal.aborted) onAbort();
    Promise.resolve()
      .then(run)
      .then(
        (value) => {
          settle();
          if (signal.aborted) reject(abortReason());
          else resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
  });
}
