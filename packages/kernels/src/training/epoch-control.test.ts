import { describe, expect, it } from 'vitest';
import { controlFromScalars, controlScalars, cosineRate, EpochControl, MonitorMissingError, valLossMonitor } from './epoch-control.js';
import { createFusedOptimizer } from './optimizers.js';
import { applyWeightDecay, decayRanges } from './weight-decay.js';

/** Feeds validation losses one epoch at a time; returns each epoch's rate and verdict. */
function drive(control: EpochControl, valLosses: number[]) {
  return valLosses.map((valLoss, i) => {
    const lr = control.learningRate(i + 1);
    return { lr, ...control.endEpoch(i + 1, { loss: 1, valLoss }) };
  });
}

describe('cosine schedule (per epoch)', () => {
  it('starts at learningRate, follows minLr + (lr − minLr)(1 + cos(π(e−1)/E))/2', () => {
    const c = new EpochControl({ learningRate: 0.1, epochs: 4, lrSchedule: { type: 'cosine', minLr: 0.01 } });
    const rates = [1, 2, 3, 4].map((e) => c.learningRate(e));
    expect(rates[0]).toBe(0.1);
    expect(rates[2]).toBeCloseTo(0.055, 15); // cos(π/2) = 0: halfway
    for (const [i, r] of rates.entries()) expect(r).toBe(0.01 + (0.1 - 0.01) * 0.5 * (1 + Math.cos((Math.PI * i) / 4)));
  });

  it('warms up linearly, then decays over the remaining epochs', () => {
    expect([1, 2].map((e) => cosineRate(0.1, e, 6, 0, 2))).toEqual([0.05, 0.1]);
    expect(cosineRate(0.1, 3, 6, 0, 2)).toBe(0.1);
    expect(cosineRate(0.1, 5, 6, 0, 2)).toBeCloseTo(0.05, 15);
  });
});

describe('reduce on plateau (Keras ReduceLROnPlateau semantics)', () => {
  it('multiplies by factor after patience epochs without an improvement > minDelta, never below minLr', () => {
    const c = new EpochControl({ learningRate: 0.1, epochs: 9, lrSchedule: { type: 'plateau', factor: 0.5, patience: 2, minLr: 0.02, minDelta: 0.01 } });
    // improves, improves, 0.895 is not < 0.9 − 0.01, again → reduce; twice more → 0.025; again → 0.02 (minLr).
    const rates = drive(c, [1, 0.9, 0.895, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]).map((r) => r.lr);
    expect(rates).toEqual([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02]);
  });
});

describe('early stopping', () => {
  it('stops after patience epochs without an improvement > minDelta and remembers the best epoch', () => {
    const c = new EpochControl({ learningRate: 0.1, epochs: 20, earlyStopping: { patience: 2, minDelta: 0.05 } });
    const v = drive(c, [1, 0.5, 0.48, 0.3, 0.31, 0.29]);
    expect(v.map((r) => r.improved)).toEqual([true, true, false, true, false, false]);
    expect(v.map((r) => r.stop)).toEqual([false, false, false, false, false, true]);
    expect(c.state()).toMatchObject({ best: 0.3, bestEpoch: 4, wait: 2 });
    expect(v.every((r) => r.lr === 0.1)).toBe(true);
  });

  it('monitors the training loss when asked, and refuses a missing validation loss', () => {
    const c = new EpochControl({ learningRate: 0.1, epochs: 5, earlyStopping: { patience: 1, monitor: 'loss' } });
    expect(c.endEpoch(1, { loss: 2 })).toEqual({ improved: true, stop: false });
    const v = new EpochControl({ learningRate: 0.1, epochs: 5, earlyStopping: { patience: 1 } });
    expect(() => v.endEpoch(1, { loss: 2 })).toThrow(MonitorMissingError);
    expect(valLossMonitor({ earlyStopping: { patience: 1, monitor: 'loss' }, lrSchedule: { type: 'plateau' } })).toBe('lrSchedule');
    expect(valLossMonitor({ lrSchedule: { type: 'cosine' } })).toBeUndefined();
  });

  it('state round-trips through checkpoint scalars (Infinity included) and resumes identically', () => {
    const options = { learningRate: 0.1, epochs: 20, earlyStopping: { patience: 3 }, lrSchedule: { type: 'plateau', patience: 1, factor: 0.5 } } as const;
    const losses = [1, 0.9, 0.95, 0.97, 0.8, 0.85, 0.9, 0.91];
    const whole = drive(new EpochControl(options), losses);
    const first = new EpochControl(options);
    drive(first, losses.slice(0, 3));
    expect(controlScalars(new EpochControl(options).state())).toContain(Infinity);
    const resumed = new EpochControl(options, controlFromScalars(controlScalars(first.state())));
    const rest = losses.slice(3).map((valLoss, i) => ({ lr: resumed.learningRate(i + 4), ...resumed.endEpoch(i + 4, { loss: 1, valLoss }) }));
    expect(rest).toEqual(whole.slice(3));
  });
});

describe('weight decay (decoupled, kernels only)', () => {
  const tensors = [
    { name: 'rnn0/kernel', shape: [2], offset: 0, size: 2 },
    { name: 'rnn0/bias', shape: [1], offset: 2, size: 1 },
    { name: 'dense/kernel', shape: [1], offset: 3, size: 1 },
  ];

  it('w −= w·lr·wd on kernels, biases unchanged', () => {
    const p = Float64Array.from([1, -2, 3, 4]);
    applyWeightDecay(p, decayRanges(tensors), 0.1, 0.5);
    expect([...p]).toEqual([1 - 0.05, -2 + 2 * 0.05, 3, 4 - 4 * 0.05]);
  });

  it('then the optimizer update: SGD with zero gradients only decays, at the rate set', () => {
    const p = Float64Array.from([1, 1, 1, 1]);
    const sgd = createFusedOptimizer('sgd', 0.1, 4);
    sgd.setLearningRate(0.2);
    applyWeightDecay(p, decayRanges(tensors), 0.2, 0.5);
    sgd.step(p, Float64Array.from([0, 0, 1, 0]));
    expect([...p]).toEqual([0.9, 0.9, 0.8, 0.9]);
  });
});
