/** The stage that replaces a metrics stage of a fan-out: mean and spread of each metric over folds. */
import type { Metrics } from '../artifacts/kinds.js';
import { defineStage, type StageDefinition } from '../contract.js';

export const FOLDS_USES = 'evaluator/folds';

/** mean and sample standard deviation (n − 1; 0 for one fold) of each metric every fold reports. */
export function aggregateFolds(folds: readonly (readonly [string, Metrics])[]): Metrics {
  const names = Object.keys(folds[0]?.[1].values ?? {}).filter((n) => folds.every(([, m]) => m.values[n] !== undefined));
  const values: Record<string, number> = {};
  for (const name of names) {
    const xs = folds.map(([, m]) => m.values[name]!);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.length > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) : 0;
    values[`${name}_mean`] = mean;
    values[`${name}_std`] = Math.sqrt(variance);
  }
  return {
    kind: 'metrics', values,
    details: { folds: folds.map(([fold, m]) => ({ fold, values: { ...m.values } })) },
  };
}

/**
 * The definition a job for the aggregator runs with: it is made by the fan-out, not registered, so
 * a worker rebuilds it from the job's ports (fold suffixes, in natural order: fold2 before fold10,
 * so the sums and hence the bits match the plan's own definition).
 */
export function foldsAggregatorFor(uses: string, ports: readonly string[]): StageDefinition | undefined {
  if (uses !== FOLDS_USES) return undefined;
  return foldsAggregator([...ports].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })));
}

/** A definition with one metrics port per fold (the ports are the fold suffixes). */
export function foldsAggregator(suffixes: readonly string[]): StageDefinition {
  return defineStage({
    uses: FOLDS_USES,
    version: '1',
    description: 'Aggregates a metrics stage over the folds of a backtest: <metric>_mean and <metric>_std.',
    params: { type: 'object', additionalProperties: false, properties: {} },
    inputs: Object.fromEntries(suffixes.map((s) => [s, 'metrics' as const])),
    output: 'metrics',
    async run(_ctx, inputs) {
      return aggregateFolds(suffixes.map((s) => [s, (inputs as Record<string, Metrics>)[s]!] as const));
    },
  }) as StageDefinition;
}
