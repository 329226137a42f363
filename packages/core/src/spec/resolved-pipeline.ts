import type { StageDefinition, StaticFacts } from '../contract.js';
import type { JsonObject } from '../json.js';

/** A stage after validation: its plugin found, params complete (defaults filled), inputs bound. */
export interface ResolvedStage {
  readonly id: string;
  readonly uses: string;
  readonly definition: StageDefinition;
  readonly params: JsonObject;
  /** Port → upstream stage id. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly facts: StaticFacts;
  /** A fold clone (`train@fold2`) or a fold aggregate: the stage id in the file. Seeds and
   * positions come from it, so every fold of a stage starts from the same seed. */
  readonly base?: string;
  /** A seed replica (`train@seed3`, an ensemble's member): the pipeline seed it runs with, instead of the pipeline's. */
  readonly seed?: number;
  /** Where the stage is defined in the file, for errors raised while running. */
  readonly line?: number;
  readonly col?: number;
}

export interface ResolvedPipeline {
  readonly name: string;
  readonly file: string;
  /** Absolute directory of the pipeline file: relative paths in params resolve against it. */
  readonly dir: string;
  readonly seed: number;
  /** In topological order. */
  readonly stages: readonly ResolvedStage[];
  /** Waves of stage ids; each wave's stages depend only on earlier waves. */
  readonly waves: readonly (readonly string[])[];
  /** The pipeline as resolved (defaults filled, overrides applied), for run records. */
  readonly document: JsonObject;
}
