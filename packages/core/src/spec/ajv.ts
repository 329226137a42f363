import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { StageDefinition } from '../contract.js';
import type { JsonObject } from '../json.js';
import { outerPipelineSchema } from './pipeline-schema.js';

// verbose: errors carry parentSchema, so an unknown key can list the valid ones.
const options = { allErrors: true, verbose: true, useDefaults: true, strict: false } as const;
// Our own schemas are checked against the 2020-12 meta-schema by a test (ajv.test.ts), not on
// every start: compiling the meta-schema costs ≈70 ms of CPU. A plugin's schema is checked when
// the plugin loads (checkedParamsValidator), and its compiled validator is reused after that.
const trusted = new Ajv2020({ ...options, validateSchema: false });
let checked: Ajv2020 | undefined;

const compiled = new WeakMap<object, ValidateFunction>();
function compile(schema: JsonObject, ajv: () => Ajv2020 = () => trusted): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv().compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

export const validateOuter = (): ValidateFunction => compile(outerPipelineSchema);
export const paramsValidator = (definition: StageDefinition): ValidateFunction => compile(definition.params);
/** For a schema from outside (a plugin's): throws unless it is a valid 2020-12 JSON Schema. */
export const checkedParamsValidator = (definition: StageDefinition): ValidateFunction =>
  compile(definition.params, () => (checked ??= new Ajv2020(options)));
/** The meta-schema's errors for `schema`, or none (for tests of our own schemas). */
export function schemaProblems(schema: JsonObject): string[] {
  const ajv = (checked ??= new Ajv2020(options));
  return ajv.validateSchema(schema) ? [] : (ajv.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
