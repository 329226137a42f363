/**
 * The outer shape of a pipeline file. Each stage's `with` is validated afterwards against its
 * plugin's own schema (ajv's useDefaults ignores defaults under oneOf/anyOf, so the two steps
 * stay separate). The editor schema in schemas/ combines both (see editor-schema.ts).
 */
import type { JsonObject } from '../json.js';

export const STAGE_ID_PATTERN = '^[A-Za-z_][A-Za-z0-9_-]*$';
/** Stage ids name folders (runs/<id>/models/<stage>/, with `@foldN` for backtests): kept far below NAME_MAX. */
export const STAGE_ID_MAX = 64;
export const USES_PATTERN = '^[a-z][a-z0-9-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$';

export const TOP_LEVEL_KEYS = ['name', 'description', 'seed', 'plugins', 'stages', 'sweep', 'tracking'] as const;
export const STAGE_KEYS = ['uses', 'from', 'with', 'description'] as const;

export const fromSchema: JsonObject = {
  description: 'The stage(s) this one reads: a stage id for a single input, a list of stage ids for a list input ([gru, lstm, theta]), or { port: stage id or list }.',
  // No id pattern here: a reference is checked against the stages that exist. Lists are for list
  // inputs (an ensemble's members); emptiness and duplicates are reported by the validator at the item.
  type: ['string', 'object', 'array'],
  items: { type: 'string' },
  additionalProperties: { type: ['string', 'array'], items: { type: 'string' } },
};

export function stageSchema(usesSchema: JsonObject): JsonObject {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['uses'],
    properties: {
      uses: usesSchema,
      from: fromSchema,
      with: { type: 'object', description: "The plugin's parameters; see `seqpipe plugins`." },
      description: { type: 'string' },
    },
  };
}

/** `sweep:` — read by `seqpipe sweep` only; `seqpipe run` runs the pipeline as written. */
export const sweepSchema: JsonObject = {
  type: 'object',
  additionalProperties: false,
  description: 'Variants for `seqpipe sweep`: every combination of the grid values, for each seed.',
  properties: {
    grid: {
      type: 'object',
      minProperties: 1,
      description: 'STAGE.PARAM (a path inside the stage\'s `with`, e.g. model.layers.0.cell) → the values to try.',
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_-]*(\\.[^.=]+)+$' },
      additionalProperties: { type: 'array', minItems: 1 },
    },
    seeds: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      description: 'Pipeline seeds; each grid combination runs once per seed.',
      items: { type: 'integer', minimum: 0, maximum: 4294967295 },
    },
  },
};

/** `tracking:` — where `run` and `sweep` log to MLflow (`--track URL` overrides `uri`). Never part of a cache key. */
export const trackingSchema: JsonObject = {
  type: 'object',
  additionalProperties: false,
  description: 'Log every run (and every sweep variant) to an MLflow tracking server through its REST API.',
  properties: {
    uri: {
      type: 'string',
      pattern: '^https?://',
      description: 'The MLflow tracking server, e.g. http://127.0.0.1:5000 (artifacts go through its proxy: `mlflow server --serve-artifacts`). `--track URL` overrides it.',
    },
    experiment: {
      type: 'string',
      minLength: 1,
      description: 'The MLflow experiment (created when missing); default: the pipeline name.',
    },
  },
};

export function pipelineSchema(stage: JsonObject): JsonObject {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'stages'],
    properties: {
      name: { type: 'string', minLength: 1, description: 'A name for the experiment, used in run records.' },
      description: { type: 'string' },
      seed: {
        type: 'integer', minimum: 0, maximum: 4294967295, default: 0,
        description: 'The pipeline seed; each random stage derives its own from it and its id.',
      },
      plugins: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'Modules with third-party stages: ./path/to/stage.js (relative to this file) or an npm package name, resolved from this file\'s folder.',
      },
      stages: {
        type: 'object',
        minProperties: 1,
        description: 'Stages by id. Order does not matter: `from` defines the graph.',
        propertyNames: { pattern: STAGE_ID_PATTERN, maxLength: STAGE_ID_MAX },
        additionalProperties: stage,
      },
      sweep: sweepSchema,
      tracking: trackingSchema,
    },
  };
}

/** What the validator uses: `uses` checked by pattern here, by registry lookup later. */
export const outerPipelineSchema: JsonObject = pipelineSchema(
  stageSchema({ type: 'string', pattern: USES_PATTERN, description: 'The plugin: kind/name, e.g. scaler/minmax.' }),
);
