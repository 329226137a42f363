/**
 * Dispatch priorities for the scheduler: longest job first, by an estimate, so that on N workers
 * the long trainers (LSTM, GRU, many epochs) start early and the short ones fill the gaps at the
 * end, instead of a long trainer starting last and running alone. Only the order of ready jobs
 * changes: results never depend on it.
 *
 * The estimate is deliberately rough — it need only rank jobs:
 * - a trainer costs epochs × windows × Σ over its model's layers of gates × units × (units + inputs),
 *   the multiply-adds of one recurrent step per sample (gates: SimpleRNN 1, GRU 3, LSTM 4;
 *   windows from the validator's facts, 1 when unknown). Measured on the tutorial (30 epochs):
 *   SimpleRNN ≈1.8 s, GRU ≈5 s, LSTM ≈5.5 s, in the order this gives;
 * - every other stage costs 1 (data stages, evaluators and predictors take milliseconds).
 * A job's priority is its upward rank: its own cost plus the largest rank below it in its variant,
 * so the stages a long trainer waits for (its data chain, its model) go before those of short ones.
 */
import type { JsonObject } from '../json.js';
import type { ResolvedPipeline, ResolvedStage } from '../spec/resolved-pipeline.js';

const GATES: Readonly<Record<string, number>> = { simpleRNN: 1, gru: 3, lstm: 4 };

/** Estimated relative cost of running one stage. */
export function stageCost(stage: ResolvedStage, byId: ReadonlyMap<string, ResolvedStage>): number {
  if (!stage.uses.startsWith('trainer/')) return 1;
  const epochs = positive(stage.params['epochs']);
  const model = stage.inputs['model'] ? byId.get(stage.inputs['model']) : undefined;
  const data = stage.inputs['data'] ? byId.get(stage.inputs['data']) : undefined;
  const windows = positive(data?.facts.windows);
  let inputs = positive(data?.facts.columns);
  let work = 0;
  for (const layer of (model?.params['layers'] as JsonObject[] | undefined) ?? []) {
    const units = positive(layer['units']);
    work += (GATES[String(layer['cell'])] ?? 1) * units * (units + inputs);
    inputs = units;
  }
  // Any trainer outranks every cheap stage, even one whose model we cannot read.
  return 1000 + epochs * windows * Math.max(work, 1);
}

/** Upward rank of each stage of a pipeline: its cost plus the largest rank among its dependents. */
export function stageRanks(pipeline: ResolvedPipeline): Map<string, number> {
  const byId = new Map(pipeline.stages.map((s) => [s.id, s]));
  const ranks = new Map<string, number>();
  // Stages are in topological order: walk them backwards, so dependents are ranked first.
  for (const s of [...pipeline.stages].reverse()) {
    const below = pipeline.stages.filter((d) => Object.values(d.inputs).includes(s.id)).map((d) => ranks.get(d.id) ?? 0);
    ranks.set(s.id, stageCost(s, byId) + Math.max(0, ...below));
  }
  return ranks;
}

const positive = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 1);
