import { describe, expect, it } from 'vitest';
import type { StageDefinition } from '../contract.js';
import type { PlanStage } from './fit-extent.js';
import { groupListInputs, listItems, parseListPort } from './list-ports.js';
import { expandSeedReplicas, parseSeedList } from './seed-replicas.js';

const def = (uses: string, output: string, extra: Partial<StageDefinition> = {}): StageDefinition =>
  ({ uses, version: '1', description: '', params: {}, inputs: {}, output, run: async () => ({}), ...extra }) as unknown as StageDefinition;
const source = def('source/x', 'series');
const model = def('model/x', 'model-spec');
const trainer = def('trainer/x', 'forecaster', { random: true });
const baseline = def('baseline/x', 'forecaster');
const ensemble = def('ensemble/x', 'forecaster', { inputs: { members: { kind: 'forecaster', list: true } }, seedReplicas: { port: 'members', param: 'seeds' } });

function plan(seeds: number[] | string | undefined, members: string[], extra: PlanStage[] = []): Map<string, PlanStage> {
  const stages: PlanStage[] = [
    { id: 'data', definition: source, params: {}, inputs: {} },
    { id: 'spec', definition: model, params: {}, inputs: {} },
    { id: 'train', definition: trainer, params: {}, inputs: { model: 'spec', data: 'data' } },
    { id: 'naive', definition: baseline, params: {}, inputs: { data: 'data' } },
    { id: 'ens', definition: ensemble, params: seeds ? { seeds } : {}, inputs: Object.fromEntries(members.map((m, i) => [`members[${i}]`, m])) },
    ...extra,
  ];
  return new Map(stages.map((s) => [s.id, s]));
}

describe('list ports', () => {
  it('name items port[i] and give them back in list order (members[10] after members[2])', () => {
    expect(parseListPort('members[12]')).toEqual({ port: 'members', index: 12 });
    expect(parseListPort('model')).toBeUndefined();
    const inputs = { 'members[10]': 'k', 'members[2]': 'c', data: 'd', 'members[0]': 'a' };
    expect(listItems(inputs, 'members')).toEqual(['a', 'c', 'k']);
    expect(groupListInputs(ensemble, inputs)).toEqual({ data: 'd', members: ['a', 'c', 'k'] });
  });
});

describe('seed replicas', () => {
  it('copy the seeded chain of each member once per seed, with that pipeline seed and the file id as base', () => {
    const { stages, issues } = expandSeedReplicas(plan([1, 2, 3], ['train']));
    expect(issues).toEqual([]);
    expect(stages.get('ens')!.inputs).toEqual({ 'members[0]': 'train@seed1', 'members[1]': 'train@seed2', 'members[2]': 'train@seed3' });
    expect(stages.get('train@seed2')).toMatchObject({ base: 'train', seed: 2, inputs: { model: 'spec', data: 'data' } });
    // Nothing else read the original: its copies replace it. Unseeded stages stay shared.
    expect([...stages.keys()].sort()).toEqual(['data', 'ens', 'naive', 'spec', 'train@seed1', 'train@seed2', 'train@seed3']);
  });

  it('keep the original when something else reads it', () => {
    const evalDef = def('evaluator/x', 'metrics');
    const { stages } = expandSeedReplicas(plan([5], ['train'], [{ id: 'ev', definition: evalDef, params: {}, inputs: { model: 'train' } }]));
    expect(stages.has('train')).toBe(true);
    expect(stages.get('ens')!.inputs).toEqual({ 'members[0]': 'train@seed5' });
  });

  it('copy every seeded stage between the random one and the member; a member with nothing random enters once', () => {
    const wrap = def('wrap/x', 'forecaster');
    const { stages, issues } = expandSeedReplicas(plan([1, 2], ['wrapped', 'naive'], [{ id: 'wrapped', definition: wrap, params: {}, inputs: { inner: 'train' } }]));
    expect(stages.get('wrapped@seed2')).toMatchObject({ base: 'wrapped', seed: 2, inputs: { inner: 'train@seed2' } });
    expect(stages.get('ens')!.inputs).toEqual({ 'members[0]': 'wrapped@seed1', 'members[1]': 'wrapped@seed2', 'members[2]': 'naive' });
    expect(issues).toEqual([]);
    expect(stages.has('train')).toBe(false);
  });

  it('report seeds that replicate nothing (every member unseeded)', () => {
    expect(expandSeedReplicas(plan([1, 2], ['naive'])).issues).toEqual([{ stage: 'ens', member: 'naive', param: 'seeds' }]);
  });

  it('read seeds as a list or an inclusive range A..B (like sweep --seeds), refusing empty and huge ranges', () => {
    expect(parseSeedList([3, 1])).toEqual([3, 1]);
    expect(parseSeedList('1..5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseSeedList(' 7..7 ')).toEqual([7]);
    for (const bad of ['5..1', '1..1000000000', '1,2', [], undefined]) expect(parseSeedList(bad)).toBeUndefined();
    const { stages } = expandSeedReplicas(plan('2..3', ['train']));
    expect(stages.get('ens')!.inputs).toEqual({ 'members[0]': 'train@seed2', 'members[1]': 'train@seed3' });
  });

  it('leave a plan without seeds as it is', () => {
    const before = plan(undefined, ['train', 'naive']);
    const { stages } = expandSeedReplicas(before);
    expect([...stages.entries()]).toEqual([...before.entries()]);
  });
});
