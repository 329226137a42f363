/**
 * A sweep's progress on stderr. On a terminal: one cli-progress MultiBar (the library the run's
 * bars use) with a sweep bar — variants done / total, stages ran and cached, ETA — and a live bar
 * per training job (epoch, batch, loss, ETA); the per-job lines scroll above the bars. Otherwise
 * plain lines: the per-job and epoch lines, and one line each time a variant finishes. Nothing
 * ever goes to stdout (it carries --json).
 *
 * Progress is weighted by the scheduler's cost estimate (execute/job-cost.ts), so a finished
 * trainer moves the bar and the ETA much more than a data stage or a cache hit.
 */
import { stageCost, type ExecuteHooks, type ProgressEvent, type StageRecord, type SweepVariant } from '@seqpipe/core';
import { MultiBar, type SingleBar } from 'cli-progress';
import { sweepHooks, variantLabel } from './sweep.reporter.js';
import { backendAnnouncer, fmt, unitWords, type BackendLineOptions } from './terminal.reporter.js';

export interface SweepProgress {
  hooksFor(variant: SweepVariant): ExecuteHooks;
  /** Stops the bars (call before printing the table). */
  stop(): void;
}

const seconds = (s: number): string => (s < 60 ? `${Math.round(s)}s` : `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`);

/**
 * `loadedBackend`: what TensorFlow loaded with in this process, once it has; its backend line is
 * printed at the first event after the load, once (as a run's). A sweep whose jobs never load it
 * (the fused engine, cache hits) prints none here.
 */
export function sweepProgress(
  variants: readonly SweepVariant[],
  out: NodeJS.WriteStream = process.stderr,
  options: BackendLineOptions = {},
): SweepProgress {
  const tty = out.isTTY === true;
  const costs = variants.map((v) => {
    const byId = new Map(v.pipeline.stages.map((s) => [s.id, s]));
    return new Map(v.pipeline.stages.map((s) => [s.id, stageCost(s, byId)]));
  });
  const total = costs.reduce((a, m) => a + [...m.values()].reduce((x, y) => x + y, 0), 0);
  const left = variants.map((v) => v.pipeline.stages.length);
  const started = performance.now();
  let done = 0;
  let variantsDone = 0;
  let ran = 0;
  let cached = 0;

  let multibar: MultiBar | undefined;
  let sweepBar: SingleBar | undefined;
  const trainers = new Map<string, { bar: SingleBar; batches: number; loss: string }>();
  if (tty) {
    multibar = new MultiBar({ stream: out, clearOnComplete: false, hideCursor: true, gracefulExit: false, etaBuffer: 20, fps: 5, format: '{text}' });
    sweepBar = multibar.create(total, 0, { variants: 0, count: variants.length, ran: 0, cached: 0 }, {
      format: '  sweep |{bar}| {variants}/{count} variants · {ran} stages ran · {cached} cached · ETA {eta_formatted}',
    });
  }
  const write = { write: (text: string): boolean => (multibar ? (multibar.log(text), true) : out.write(text)) };
  const announce = backendAnnouncer((line) => write.write(line), options);

  const stageDone = (v: number, r: StageRecord): void => {
    done += costs[v]!.get(r.id) ?? 1;
    if (r.status === 'ran') ran++;
    if (r.status === 'hit') cached++;
    if (--left[v]! === 0) {
      variantsDone++;
      if (!tty) {
        const elapsed = (performance.now() - started) / 1000;
        const eta = done > 0 && done < total ? ` · ETA ${seconds((elapsed * (total - done)) / done)}` : '';
        out.write(`  sweep ${variantsDone}/${variants.length} variants done · ${ran} stages ran · ${cached} cached${eta}\n`);
      }
    }
    sweepBar?.update(done, { variants: variantsDone, ran, cached });
  };

  const trainerBar = (key: string, label: string, e: ProgressEvent, batches: number) => {
    let b = trainers.get(key);
    if (!b && multibar) {
      const bar = multibar.create(e.epochs * batches, 0, { ...unitWords(e), epoch: 1, epochs: e.epochs, batch: 0, batches, loss: '…' }, {
        format: `    ${label} |{bar}| {outer} {epoch}/{epochs} · {inner} {batch}/{batches} · loss {loss} · ETA {eta_formatted}`,
      });
      b = { bar, batches, loss: '…' };
      trainers.set(key, b);
    }
    return b;
  };

  return {
    hooksFor(variant) {
      const v = variant.index;
      const lines = sweepHooks(variant, write, !tty);
      const label = variantLabel(variant);
      return {
        ...lines,
        stageStart(stage, cached) {
          announce();
          lines.stageStart?.(stage, cached);
        },
        stageEnd(r) {
          announce();
          const key = `${v}\0${r.id}`;
          const b = trainers.get(key);
          if (b && multibar) {
            multibar.remove(b.bar);
            trainers.delete(key);
          }
          lines.stageEnd?.(r);
          stageDone(v, r);
        },
        progress(stage, e) {
          announce();
          lines.progress?.(stage, e);
          if (!tty) return;
          const key = `${v}\0${stage}`;
          if (e.type === 'batch') {
            const b = trainerBar(key, `${stage} [${label}]`, e, e.batches);
            b?.bar.update((e.epoch - 1) * b.batches + e.batch, { epoch: e.epoch, batch: e.batch, batches: e.batches });
          } else {
            // Batch count is unknown until a batch event; an epoch without one counts as one batch.
            const b = trainers.get(key) ?? trainerBar(key, `${stage} [${label}]`, e, 1);
            if (!b) return;
            b.loss = `${fmt(e.loss)}${e.valLoss === undefined ? '' : ` (val ${fmt(e.valLoss)})`}`;
            b.bar.update(e.epoch * b.batches, { epoch: Math.min(e.epoch + 1, e.epochs), batch: 0, loss: b.loss });
          }
        },
      };
    },
    stop() {
      for (const b of trainers.values()) multibar?.remove(b.bar);
      trainers.clear();
      multibar?.stop();
      multibar = undefined;
    },
  };
}
