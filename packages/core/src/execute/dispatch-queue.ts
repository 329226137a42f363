/**
 * Hands the runner's slots (`Runner.concurrency`) to ready jobs, the highest priority first (see
 * job-cost.ts). A runner with unbounded concurrency (`seqpipe run`'s in-process runner) gets every
 * job at once, as before.
 *
 * Picking waits until no stage is still *preparing* (inputs known, key lookup in flight): when one
 * upstream job finishes, all the stages it unblocks become ready within a few I/O callbacks, and
 * a free slot should go to the most expensive of them, not to whichever cache lookup returned
 * first. Which job gets a slot changes only the order of work, never a result.
 */
interface Waiting {
  readonly priority: number;
  readonly order: number;
  readonly grant: () => void;
}

export class DispatchQueue {
  private running = 0;
  private preparing = 0;
  private readonly waiting: Waiting[] = [];
  private pending = false;

  constructor(private readonly slots: number) {}

  /** A stage starts preparing its job; call the returned function (once is enough) when it is done. */
  prepare(): () => void {
    this.preparing++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.preparing--;
      this.pump();
    };
  }

  /** Waits for a slot; resolves with the function that frees it. */
  async acquire(priority: number, order: number): Promise<() => void> {
    // Unbounded, or no slot count to go by (a runner that reports 0): hand every job over at once.
    if (!Number.isFinite(this.slots) || this.slots < 1) return () => undefined;
    await new Promise<void>((grant) => {
      this.waiting.push({ priority, order, grant });
      this.pump();
    });
    let freed = false;
    return () => {
      if (freed) return;
      freed = true;
      this.running--;
      this.pump();
    };
  }

  /** Picks after the current callbacks: the stages a finished job unblocks get to say they are preparing. */
  private pump(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      while (this.running < this.slots && this.waiting.length && this.preparing === 0) {
        let best = 0;
        for (let i = 1; i < this.waiting.length; i++) {
          const w = this.waiting[i]!;
          const b = this.waiting[best]!;
          if (w.priority > b.priority || (w.priority === b.priority && w.order < b.order)) best = i;
        }
        this.running++;
        this.waiting.splice(best, 1)[0]!.grant();
      }
    });
  }
}
