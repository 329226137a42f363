/**
 * Backtest folds as ordinary stages. The fold-dependent part of the DAG — the fanning stage, every
 * `fitsOnTrain` stage upstream of it, and everything downstream of those — is cloned once per fold
 * (`split@fold2`, `train@fold2`…), inputs rewired to the same fold's clones; each metrics stage in
 * it becomes an aggregate over its folds under the original id. Clones are ordinary stages with
 * ordinary keys, so a fold's work is cached (and shared) on its own.
 */
import type { FoldSpec } from '../contract.js';
import type { PlanStage } from './fit-extent.js';
import { foldsAggregator } from './fold-aggregate.js';

export interface FanOutResult {
  readonly stages: Map<string, PlanStage>;
  /** The fanning stage, when there is one. */
  readonly fanning?: string;
  /** A second fanning stage: not supported. */
  readonly extra?: string;
}

export function expandFanOut(stages: ReadonlyMap<string, PlanStage>): FanOutResult {
  const fanning = [...stages.values()].filter((s) => s.definition.fanOut);
  if (fanning.length === 0) return { stages: new Map(stages) };
  if (fanning.length > 1) return { stages: new Map(stages), fanning: fanning[0]!.id, extra: fanning[1]!.id };
  const root = fanning[0]!;
  const folds: readonly FoldSpec[] = root.definition.fanOut!(root.params);

  const ancestors = new Set<string>();
  const up = (id: string): void => {
    for (const ref of Object.values(stages.get(id)!.inputs)) if (!ancestors.has(ref)) (ancestors.add(ref), up(ref));
  };
  up(root.id);
  const dependent = new Set([root.id, ...[...ancestors].filter((id) => stages.get(id)!.definition.fitsOnTrain)]);
  // Close over consumers until nothing is added.
  for (let grew = true; grew;) {
    grew = false;
    for (const s of stages.values()) {
      if (!dependent.has(s.id) && Object.values(s.inputs).some((ref) => dependent.has(ref))) (dependent.add(s.id), (grew = true));
    }
  }

  const out = new Map<string, PlanStage>();
  for (const s of stages.values()) {
    if (!dependent.has(s.id)) {
      out.set(s.id, s);
      continue;
    }
    for (const fold of folds) {
      const id = `${s.id}@${fold.suffix}`;
      const inputs = Object.fromEntries(Object.entries(s.inputs).map(([port, ref]) => [port, dependent.has(ref) ? `${ref}@${fold.suffix}` : ref]));
      out.set(id, { id, definition: s.definition, params: s === root ? { ...s.params, ...fold.params } : s.params, inputs, base: s.id });
    }
    if (s.definition.output === 'metrics') {
      const suffixes = folds.map((f) => f.suffix);
      out.set(s.id, { id: s.id, definition: foldsAggregator(suffixes), params: {}, inputs: Object.fromEntries(suffixes.map((f) => [f, `${s.id}@${f}`])), base: s.id });
    }
  }
  return { stages: out, fanning: root.id };
}
