/**
 * Resource bounds for one run: wall-clock seconds and resident memory. Exceeding one aborts the
 * run's signal with a coded reason, exactly like Ctrl-C: training stops between batches, stages
 * not yet started are skipped, finished ones stay cached, and the run is recorded as interrupted.
 */
import { messages } from '../errors/codes.js';
import { SeqpipeError } from '../errors/seqpipe-error.js';

export interface RunLimits {
  /** Stop the run after this many seconds (from its start, after validation). */
  readonly maxSeconds?: number;
  /** Stop the run when the process's resident set size exceeds this many megabytes. */
  readonly maxMemoryMb?: number;
}

export interface LimitWatch {
  readonly signal: AbortSignal;
  /** Checks memory now (also done on a timer); aborts the signal when over. */
  check(): void;
  stop(): void;
}

/** How often memory is sampled while stages run (training yields to the event loop every 50 ms). */
const SAMPLE_MS = 100;
const MB = 1024 * 1024;

/**
 * `residentBytes` measures what `maxMemoryMb` bounds: this process by default; a sweep on worker
 * processes adds theirs (PoolRunner.residentBytes). `what` names the bounded thing in the message.
 */
export function watchLimits(
  limits: RunLimits = {}, outer?: AbortSignal, residentBytes: () => number = () => process.memoryUsage.rss(), what: 'run' | 'sweep' = 'run',
): LimitWatch {
  const controller = new AbortController();
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  const timers: NodeJS.Timeout[] = [];
  const check = (): void => {
    if (controller.signal.aborted || limits.maxMemoryMb === undefined) return;
    const rss = residentBytes();
    if (rss > limits.maxMemoryMb * MB) {
      const used = Math.round(rss / MB);
      controller.abort(new SeqpipeError('E_MEMORY_LIMIT', messages.E_MEMORY_LIMIT(used, limits.maxMemoryMb, what), { exitCode: 1 }));
    }
  };
  if (limits.maxSeconds !== undefined) {
    const seconds = limits.maxSeconds;
    timers.push(setTimeout(() => controller.abort(new SeqpipeError('E_TIME_LIMIT', messages.E_TIME_LIMIT(seconds, what), { exitCode: 1 })), seconds * 1000));
  }
  if (limits.maxMemoryMb !== undefined) timers.push(setInterval(check, SAMPLE_MS));
  timers.forEach((t) => t.unref());
  return {
    signal,
    check,
    stop: () => timers.forEach((t) => clearTimeout(t)),
  };
}

/** Codes that end a run early without a stage being at fault: the run is recorded as interrupted. */
export const INTERRUPTING_CODES: readonly string[] = ['E_INTERRUPTED', 'E_TIME_LIMIT', 'E_MEMORY_LIMIT'];
