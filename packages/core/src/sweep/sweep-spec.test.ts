import { describe, expect, it } from 'vitest';
import { axisOverride, combinations, parseGridArg, parseSeeds } from './sweep-spec.js';
import { stat } from './sweep-summary.js';

describe('sweep spec', () => {
  it('reads --grid values as YAML, lists included', () => {
    expect(parseGridArg('model.layers.0.cell=simpleRNN,gru')).toEqual({ name: 'model.layers.0.cell', values: ['simpleRNN', 'gru'] });
    expect(parseGridArg('train.epochs=5, 10').values).toEqual([5, 10]);
    expect(parseGridArg('windows.lookback=[1,2],[3]').values).toEqual([[1, 2], [3]]);
  });

  it.each(['model', 'model=1', '.x=1', 'a.b=', 'a.b=[1'])('rejects --grid %s', (arg) => {
    expect(() => parseGridArg(arg)).toThrow(expect.objectContaining({ code: 'E_BAD_GRID', exitCode: 2 }));
  });

  it('reads seeds as a range or a list', () => {
    expect(parseSeeds('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeeds('1,3,7')).toEqual([1, 3, 7]);
    for (const bad of ['5..1', '1,1', 'x', '-1', '1..']) expect(() => parseSeeds(bad)).toThrow(expect.objectContaining({ code: 'E_BAD_SEEDS' }));
  });

  it('crosses axes, first axis slowest', () => {
    expect(combinations([{ name: 'a.x', values: [1, 2] }, { name: 'b.y', values: ['p', 'q'] }])).toEqual([[1, 'p'], [1, 'q'], [2, 'p'], [2, 'q']]);
    expect(combinations([])).toEqual([[]]);
  });

  it('writes an axis value as --set would take it back', () => {
    expect(axisOverride({ name: 'model.layers.0.cell', values: [] }, 'gru')).toMatchObject({ stage: 'model', path: ['layers', 0, 'cell'], raw: 'model.layers.0.cell=gru' });
    expect(axisOverride({ name: 'a.b', values: [] }, '12').raw).toBe('a.b="12"');
    expect(axisOverride({ name: 'a.b', values: [] }, [1, 2]).raw).toBe('a.b=[1,2]');
  });

  it('mean ± sample std', () => {
    expect(stat([1, 2, 3])).toEqual({ mean: 2, std: 1, n: 3 });
    expect(stat([4])).toEqual({ mean: 4, std: 0, n: 1 });
  });

  it('identical values across seeds: that value ± exactly 0 (not 1.36e-16)', () => {
    expect(stat([0.7, 0.7, 0.7])).toEqual({ mean: 0.7, std: 0, n: 3 });
    expect(stat([0.123456789, 0.123456789, 0.123456789, 0.123456789, 0.123456789])).toEqual({ mean: 0.123456789, std: 0, n: 5 });
    expect(stat([0.1, 0.1, 0.2]).std).toBeCloseTo(Math.sqrt(1 / 300), 15);
  });
});
