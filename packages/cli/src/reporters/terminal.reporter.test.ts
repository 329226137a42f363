import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ResolvedStage, StageRecord } from '@seqpipe/core';
import { terminalHooks } from './terminal.reporter.js';

/** A writable stream that says it is (or is not) a terminal, and keeps what was written. */
function stream(tty: boolean) {
  const s = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number; text(): string };
  let out = '';
  s.on('data', (d) => (out += d));
  s.isTTY = tty;
  s.columns = 160;
  s.text = () => out;
  return s as unknown as NodeJS.WriteStream & { text(): string };
}

const stage = { id: 'train', uses: 'trainer/tfjs' } as ResolvedStage;
const ended: StageRecord = { id: 'train', uses: 'trainer/tfjs', key: 'k', cached: false, seconds: 1.5, status: 'ran' };

describe('terminal progress', () => {
  it('draws a live bar on a terminal: epoch, batch progress, loss, ETA', async () => {
    const out = stream(true);
    const hooks = terminalHooks(out);
    hooks.stageStart!(stage, false);
    // cli-progress redraws on its own timer (5 per second here): give it a frame after each update.
    const frame = () => new Promise((r) => setTimeout(r, 450));
    hooks.progress!('train', { type: 'batch', epoch: 1, epochs: 4, batch: 5, batches: 10 });
    await frame();
    hooks.progress!('train', { type: 'epoch', epoch: 1, epochs: 4, loss: 0.25, seconds: 0.1 });
    hooks.progress!('train', { type: 'batch', epoch: 2, epochs: 4, batch: 3, batches: 10 });
    await frame();
    hooks.stageEnd!(ended);
    const text = out.text();
    expect(text).toMatch(/train \|[^|]+\| epoch 1\/4 · batch 5\/10 · loss … · ETA/);
    expect(text).toMatch(/epoch 2\/4 · batch 3\/10 · loss 0\.25000/);
    expect(text).toMatch(/✓ train +trainer\/tfjs +ran +1\.50s/);
  });

  it('writes plain epoch lines (and no batch noise) when not a terminal', () => {
    const out = stream(false);
    const hooks = terminalHooks(out);
    hooks.progress!('train', { type: 'batch', epoch: 1, epochs: 4, batch: 5, batches: 10 });
    hooks.progress!('train', { type: 'epoch', epoch: 1, epochs: 4, loss: 0.25, valLoss: 0.5, seconds: 0.1 });
    expect(out.text()).toBe('    train epoch 1/4  loss 0.25000  val 0.50000  0.10s\n');
  });

  it('counts series, then epochs, for a trainer fitting one model per series (local: true)', async () => {
    const plain = stream(false);
    terminalHooks(plain).progress!('train', { type: 'epoch', unit: 'series', epoch: 2, epochs: 3, loss: 0.25, seconds: 0.1 });
    expect(plain.text()).toBe('    train series 2/3  loss 0.25000  0.10s\n');
    const out = stream(true);
    const hooks = terminalHooks(out);
    hooks.stageStart!(stage, false);
    hooks.progress!('train', { type: 'batch', unit: 'series', epoch: 2, epochs: 3, batch: 4, batches: 5 });
    await new Promise((r) => setTimeout(r, 450));
    hooks.stageEnd!(ended);
    expect(out.text()).toMatch(/train \|[^|]+\| series 2\/3 · epoch 4\/5 · loss/);
  });
});
