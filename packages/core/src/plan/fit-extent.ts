/**
 * Leakage-free fitting: for each `fitsOnTrain` stage, the chain of stages from its output down to
 * the splitter, written into its params as `fitTo` before checks and keys, so a scaler counts the
 * rows that end up in training windows itself — no fraction to keep in sync by hand.
 */
import type { StageDefinition } from '../contract.js';
import type { JsonObject } from '../json.js';

export interface PlanStage {
  readonly id: string;
  readonly definition: StageDefinition;
  params: JsonObject;
  inputs: Record<string, string>;
  /** For clones: the stage id in the file (positions, seeds). */
  readonly base?: string;
  /** For seed replicas (`train@seed3`): the pipeline seed this copy runs with. */
  readonly seed?: number;
}

/** Consumers of each stage id. */
export function consumersOf(stages: ReadonlyMap<string, PlanStage>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of stages.values()) for (const ref of Object.values(s.inputs)) out.set(ref, [...(out.get(ref) ?? []), s.id]);
  return out;
}

/**
 * The stages from `id`'s consumers down to the first splitter: follows the only consumer that is
 * a series/windows stage (others, such as evaluators, do not decide training rows). A path that
 * ends without a splitter is returned as it is (nothing downstream is tested, so nothing can
 * leak); undefined when the path forks.
 */
export function chainToSplitter(id: string, stages: ReadonlyMap<string, PlanStage>, consumers: ReadonlyMap<string, string[]>): PlanStage[] | undefined {
  const chain: PlanStage[] = [];
  let at = id;
  for (;;) {
    const next = (consumers.get(at) ?? []).map((c) => stages.get(c)!).filter((s) => ['series', 'windows', 'split'].includes(s.definition.output));
    if (next.length === 0) return chain;
    if (next.length !== 1) return undefined;
    const s = next[0]!;
    chain.push(s);
    if (s.definition.output === 'split') return chain;
    at = s.id;
  }
}

export function resolveFitExtents(stages: ReadonlyMap<string, PlanStage>): void {
  const consumers = consumersOf(stages);
  for (const s of stages.values()) {
    if (!s.definition.fitsOnTrain) continue;
    const chain = chainToSplitter(s.id, stages, consumers);
    if (chain) s.params = { ...s.params, fitTo: chain.map((c) => ({ uses: c.definition.uses, params: keyedParams(c) })) };
  }
}

/** Params minus the volatile ones: what decides the output (a fold's number is volatile). */
function keyedParams(s: PlanStage): JsonObject {
  return Object.fromEntries(Object.entries(s.params).filter(([k]) => !s.definition.volatileParams?.includes(k))) as JsonObject;
}
