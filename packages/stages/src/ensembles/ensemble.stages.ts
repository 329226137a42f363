/**
 * `ensemble/mean` and `ensemble/median`: any forecasters (`from: [gru, lstm, theta]`) combined into
 * one that evaluators and predictors take like any other. `seeds: [1, 2, 3]` with `from: train`
 * makes one member per seed: the planner copies the member's seeded chain once per pipeline seed
 * (plan/seed-replicas.ts), so each copy shares its cache entry with `seqpipe run --seed N`.
 */
import { defineStage, MAX_SEED_REPLICAS, messages, parseSeedList } from '@seqpipe/core';
import type { Forecaster, StageDefinition } from '@seqpipe/core';
import type { EnsembleRule } from './combine.js';
import { createEnsembleForecaster } from './ensemble-forecaster.js';

export interface EnsembleParams {
  readonly seeds?: readonly number[] | string;
}

function ensembleStage(rule: EnsembleRule): StageDefinition {
  const definition = defineStage({
    uses: `ensemble/${rule}`,
    version: '1',
    description: `The elementwise ${rule} of its members' forecasts (and of their interval bounds, at the levels all members give).`,
    params: {
      type: 'object',
      additionalProperties: false,
      properties: {
        seeds: {
          description: 'One member per pipeline seed, for each stage in `from` that depends on a random stage (a trained model; a baseline enters once): its chain runs once per seed, keyed as `seqpipe run --seed N` keys it, so the two share the cache and adding a seed trains only that member. A list ([1, 2, 3]) or a range ("1..5", inclusive).',
          anyOf: [
            { type: 'array', minItems: 1, maxItems: MAX_SEED_REPLICAS, uniqueItems: true, items: { type: 'integer', minimum: 0, maximum: 4294967295 } },
            { type: 'string', pattern: '^\\s*\\d+\\.\\.\\d+\\s*$' },
          ],
        },
      },
    },
    inputs: { members: { kind: 'forecaster', list: true } },
    output: 'forecaster',
    seedReplicas: { port: 'members', param: 'seeds' },
    // The members' digests carry the seeds (and their order): `[1, 2]` and "1..2" are one key.
    volatileParams: ['seeds'],
    check(params: EnsembleParams) {
      const seeds = params.seeds;
      if (typeof seeds !== 'string' || parseSeedList(seeds)) return {};
      return { issues: [{ code: 'E_INVALID_VALUE', path: ['seeds'], message: messages.E_INVALID_VALUE('seeds', `"${seeds}" is not a range A..B with A ≤ B and at most ${MAX_SEED_REPLICAS} seeds`) }] };
    },
    async run(_ctx, { members }): Promise<Forecaster> {
      // The members are input artifacts: the executor owns and disposes them, not this ensemble.
      return createEnsembleForecaster(rule, members, false);
    },
  });
  // A list port's array input is not the wide Ports type's single artifact: widen explicitly.
  return definition as unknown as StageDefinition;
}

export const ensembleMean = ensembleStage('mean');
export const ensembleMedian = ensembleStage('median');
