/**
 * trainer/tfjs training control through the CLI: early stopping's stoppedEpoch and bestEpoch in
 * `--json` and run.json (and its log line), its restored weights equal to the best epoch's, each learning-rate schedule's final rate, weight
 * decay changing the model, and located errors for a split without a validation part and for a
 * key the schedule does not take.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from '../helpers.js';
import { checkpointsIn, outcomeOf, startRun, whenCheckpointed } from '../reliability/resume-harness.mjs';

const state = tempDir();
afterAll(() => state.remove());

/** A tiny sine pipeline; `train` is the trainer's `with:` in YAML flow style (on line 24). */
function pipeline(name: string, train: string, validation = 0.15): string {
  const file = join(state.path, `${name}.yaml`);
  writeFileSync(file, `name: ${name}
seed: 7
stages:
  series:
    uses: source/sine
    with: { points: 200, stop: 20 }
  scaled:
    uses: scaler/minmax
    from: series
  windows:
    uses: windower/sliding
    from: scaled
    with: { lookback: 5 }
  split:
    uses: splitter/ratio
    from: windows
    with: { train: 0.7, validation: ${validation} }
  model:
    uses: model/rnn
    with: { layers: [{ cell: gru, units: 4 }] }
  train:
    uses: trainer/tfjs
    from: { model: model, data: split }
    with: { batchSize: 16, learningRate: 0.05, ${train} }
  test:
    uses: evaluator/regression
    from: { model: train, data: split }
`);
  return file;
}

interface Control { epochsRun: number; stoppedEpoch?: number; bestEpoch?: number; monitor?: string; best?: number; learningRate?: number }

function run(file: string) {
  const r = cli(['run', file, '--state-dir', state.path, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { runDir: string; training?: Record<string, Control>; metrics: Record<string, Record<string, number>> };
  const record = JSON.parse(readFileSync(join(out.runDir, 'run.json'), 'utf8')) as { training?: Record<string, Control> };
  return { out, record, stderr: r.stderr };
}

describe('trainer/tfjs training control through the CLI', () => {
  it.each(['fused', 'layers'])('early stopping (%s engine): stoppedEpoch and bestEpoch in --json and run.json, and a log line', (engine) => {
    const { out, record, stderr } = run(pipeline(`early-${engine}`, `engine: ${engine}, epochs: 40, earlyStopping: { patience: 3 }`));
    const t = out.training!['train']!;
    expect(t).toMatchObject({ monitor: 'val_loss', learningRate: 0.05 });
    expect(t.stoppedEpoch).toBe(t.bestEpoch! + 3);
    expect(t.stoppedEpoch).toBeLessThan(40);
    expect(t.epochsRun).toBe(t.stoppedEpoch);
    expect(record.training).toEqual(out.training);
    expect(stderr).toContain(`early stop at epoch ${t.stoppedEpoch}, best epoch ${t.bestEpoch} (val_loss ${t.best!.toPrecision(4)})`);
    const show = cli(['show', (out as unknown as { runId: string }).runId, '--state-dir', state.path]);
    expect(show.stdout).toMatch(new RegExp(`^training train: stopped at epoch ${t.stoppedEpoch}, best epoch ${t.bestEpoch} \\(val_loss `, 'm'));
    // Cached: the record still says what the training did.
    const again = run(pipeline(`early-${engine}`, `engine: ${engine}, epochs: 40, earlyStopping: { patience: 3 }`));
    expect(again.out.training).toEqual(out.training);
    // The restored weights are the best epoch's, bit for bit: the same training stopped there by
    // `epochs` exports the same weights.bin and scores the same metrics.
    const best = run(pipeline(`early-${engine}-best`, `engine: ${engine}, epochs: ${t.bestEpoch}`));
    const weights = (r: { out: { runDir: string } }): Buffer => readFileSync(join(r.out.runDir, 'models/train/weights.bin'));
    expect(weights(best).length).toBeGreaterThan(0);
    expect(weights(best).equals(weights({ out }))).toBe(true);
    expect(best.out.metrics).toEqual(out.metrics);
  });

  it('cosine: the last epoch trains at minLr + (lr − minLr)(1 + cos(π(E−1)/E))/2', () => {
    const { out } = run(pipeline('cosine', 'epochs: 4, lrSchedule: { type: cosine, minLr: 0.001 }'));
    expect(out.training!['train']).toEqual({ epochsRun: 4, learningRate: 0.001 + (0.05 - 0.001) * 0.5 * (1 + Math.cos((Math.PI * 3) / 4)) });
  });

  it('plateau: the rate is reduced by factor on a plateau of the validation loss', () => {
    const { out, stderr } = run(pipeline('plateau', 'epochs: 12, lrSchedule: { type: plateau, factor: 0.5, patience: 1 }'));
    const lr = out.training!['train']!.learningRate!;
    expect(lr).toBeLessThan(0.05);
    expect(Number.isInteger(Math.log2(0.05 / lr))).toBe(true);
    expect(stderr).toMatch(/learning rate plateau, final learning rate /);
  });

  it('weightDecay changes the trained model (and its metrics)', () => {
    const plain = run(pipeline('plain', 'epochs: 3'));
    const decayed = run(pipeline('decayed', 'epochs: 3, weightDecay: 0.3'));
    expect(decayed.out.metrics['test']!['mse']).not.toBe(plain.out.metrics['test']!['mse']);
    expect(decayed.out.training).toBeUndefined();
  });

  it('early stopping on a split without a validation part: E_MONITOR_NO_VALIDATION at the param, exit 2', () => {
    const file = pipeline('no-validation', 'epochs: 5, earlyStopping: { patience: 2 }', 0);
    const r = cli(['validate', file, '--json']);
    expect(r.code).toBe(2);
    const col = '    with: { batchSize: 16, learningRate: 0.05, epochs: 5, earlyStopping: '.length + 1;
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ code: 'E_MONITOR_NO_VALIDATION', stage: 'train', line: 24, col })]);
    // monitor: loss needs no validation part.
    expect(cli(['validate', pipeline('loss-monitor', 'epochs: 5, earlyStopping: { patience: 2, monitor: loss }', 0)]).code).toBe(0);
  });

  it('a key the schedule does not take is E_UNKNOWN_KEY at that key', () => {
    const r = cli(['validate', pipeline('bad-key', 'epochs: 5, lrSchedule: { type: cosine, factor: 0.5 }'), '--json']);
    expect(r.code).toBe(2);
    const col = '    with: { batchSize: 16, learningRate: 0.05, epochs: 5, lrSchedule: { type: cosine, '.length + 1;
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ code: 'E_UNKNOWN_KEY', line: 24, col })]);
  });
});

describe('training control killed after a checkpoint', () => {
  // tiny-rnn at 400 epochs of batch 1, a checkpoint every 5 (resume-harness.mjs), with control.
  const control = ['--set', 'train.earlyStopping={patience: 40, minDelta: 0.00001}', '--set', 'train.lrSchedule={type: plateau, factor: 0.5, patience: 5}', '--set', 'train.weightDecay=0.001'];

  it('resumes to the metrics, forecasts and training record of an uninterrupted run', async () => {
    const reference = await startRun(join(state.path, 'reference'), control).exited;
    expect(reference.code, reference.stderr).toBe(0);
    const expected = JSON.parse(reference.stdout);
    expect(expected.training.train.bestEpoch).toBeGreaterThan(0);

    const stateDir = join(state.path, 'killed');
    const run = startRun(stateDir, control);
    expect(await whenCheckpointed(stateDir, run)).toBe(true);
    run.child.kill('SIGKILL');
    await run.exited;
    const [checkpoint] = checkpointsIn(stateDir);
    const next = await startRun(stateDir, control).exited;
    expect(next.code, next.stderr).toBe(0);
    const out = JSON.parse(next.stdout);
    expect(out.stages.find((s: { id: string }) => s.id === 'train').resumedFrom).toEqual({ epoch: checkpoint!.epoch, epochs: 400 });
    expect(outcomeOf(out)).toBe(outcomeOf(expected));
    expect(out.training).toEqual(expected.training);
    if (process.env.SHOW_NUMBERS) console.log(`resumed from ${checkpoint!.epoch}: ${JSON.stringify(out.training)}`);
  }, 120_000);
});
