import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ResolvedStage, StageRecord } from '@seqpipe/core';
import { fmt, foldedPredictors, metricsTable, terminalHooks } from './terminal.reporter.js';

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

describe('the run\'s metrics table', () => {
  it('keeps the overall metrics and folds the per-step ones into one line', () => {
    const text = metricsTable({
      test: { mae_original: 2, mase: 0.5, mase_h1: 0.1, mase_h2: 0.2, mae_original_h1: 1, mae_original_h2: 3 },
      naive_test: { mae_original: 3, mase: 1 },
    });
    expect(text).toMatch(/^mae_original +2\.00000 +3\.00000$/m);
    expect(text).not.toMatch(/_h\d/);
    expect(text).toContain('per step (mae_original, mase at steps 1–2): in --json, run.json and the report');
  });

  it('prints an exact zero as 0, a tiny one in exponent form', () => {
    expect(fmt(0)).toBe('0');
    expect(fmt(2.719e-16)).toBe('2.719e-16');
    expect(metricsTable({ 'naive_test': { skill_mae_mean: 0, skill_mae_std: 0 } })).toMatch(/skill_mae +0 ± 0$/m);
  });
});

describe('a backtest\'s forecasts in the terminal', () => {
  it('shows the last fold\'s and names the earlier ones (fold 10 after fold 9)', () => {
    const folds = ['forecast@fold1', 'forecast@fold10', 'forecast@fold9', 'next', 'other@fold1'];
    expect([...foldedPredictors(folds)]).toEqual([['forecast@fold10', ['forecast@fold1', 'forecast@fold9']]]);
  });
});
