/**
 * Seed replicas: a stage with `seedReplicas` (an ensemble) and `seeds: [1, 2, 3]` gets, for each
 * member bound to its list port, one copy per seed (`train@seed2`). A copy is the member and every
 * stage upstream of it whose output depends on a `random` stage, run with that PIPELINE seed: the
 * copy's stage seed is deriveSeed(seed, the stage's id in the file), exactly the seed that stage
 * has in `seqpipe run --seed N`, so both share the cached model, and going from 5 seeds to 6
 * trains only the sixth. Stages that depend on nothing random stay shared, and a member that
 * depends on nothing random (a baseline beside the model) enters the list once. An original that only
 * fed the ensemble is dropped (its copies replace it); one that feeds anything else still runs
 * with the pipeline's own seed.
 */
import type { PlanStage } from './fit-extent.js';
import { listItems, listPortName, parseListPort } from './list-ports.js';

export interface SeedIssue {
  /** The ensemble stage. */
  readonly stage: string;
  /** The member that depends on nothing random. */
  readonly member: string;
  readonly param: string;
}

/** Most members one `seeds` may make (a plan is built in memory; `1..1000000000` must not be). */
export const MAX_SEED_REPLICAS = 1000;

/**
 * A `seeds` value as a list: an array of seeds, or `A..B` (inclusive, like `sweep --seeds`).
 * Undefined when absent or unusable (an empty or too long range): the stage's `check` reports it.
 */
export function parseSeedList(value: unknown): readonly number[] | undefined {
  if (Array.isArray(value)) return value.length > 0 && value.length <= MAX_SEED_REPLICAS ? (value as number[]) : undefined;
  const range = typeof value === 'string' ? /^\s*(\d+)\.\.(\d+)\s*$/.exec(value) : null;
  if (!range) return undefined;
  const [from, to] = [Number(range[1]), Number(range[2])];
  if (!(to >= from) || to - from + 1 > MAX_SEED_REPLICAS) return undefined;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function seedsOf(s: PlanStage): readonly number[] | undefined {
  const spec = s.definition.seedReplicas;
  return spec ? parseSeedList(s.params[spec.param]) : undefined;
}

export function expandSeedReplicas(stages: ReadonlyMap<string, PlanStage>): { stages: Map<string, PlanStage>; issues: SeedIssue[] } {
  const out = new Map(stages);
  const issues: SeedIssue[] = [];
  const seeded = new Map<string, boolean>();
  // Whether a stage's output depends on a random stage (it or anything upstream).
  const isSeeded = (id: string): boolean => {
    let v = seeded.get(id);
    if (v === undefined) {
      const s = stages.get(id)!;
      v = s.definition.random === true || Object.values(s.inputs).some(isSeeded);
      seeded.set(id, v);
    }
    return v;
  };
  const replaced = new Set<string>();
  const copy = (id: string, seed: number): string => {
    if (!isSeeded(id)) return id;
    const cid = `${id}@seed${seed}`;
    if (!out.has(cid)) {
      const s = stages.get(id)!;
      const inputs = Object.fromEntries(Object.entries(s.inputs).map(([port, ref]) => [port, copy(ref, seed)]));
      out.set(cid, { id: cid, definition: s.definition, params: { ...s.params }, inputs, base: s.base ?? s.id, seed });
      replaced.add(id);
    }
    return cid;
  };

  for (const s of stages.values()) {
    const seeds = seedsOf(s);
    if (!seeds) continue;
    const { port, param } = s.definition.seedReplicas!;
    const members = listItems(s.inputs, port);
    const refs: string[] = [];
    // A member with nothing random (a baseline) enters once; seeds that can replicate nothing are an error.
    if (!members.some(isSeeded)) issues.push(...members.map((member) => ({ stage: s.id, member, param })));
    for (const member of members) {
      if (isSeeded(member)) for (const seed of seeds) refs.push(copy(member, seed));
      else refs.push(member);
    }
    const others = Object.entries(s.inputs).filter(([name]) => parseListPort(name)?.port !== port);
    out.set(s.id, { ...s, inputs: Object.fromEntries([...others, ...refs.map((ref, i) => [listPortName(port, i), ref] as const)]) });
  }

  // Drop originals the copies replaced, once nothing reads them (upstream ones become unread in turn).
  for (let dropped = true; dropped;) {
    dropped = false;
    const read = new Set([...out.values()].flatMap((s) => Object.values(s.inputs)));
    for (const id of replaced) {
      if (out.has(id) && !read.has(id)) (out.delete(id), (dropped = true));
    }
  }
  return { stages: out, issues };
}
