import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { StageDefinition } from '../contract.js';
import type { JsonObject } from '../json.js';
import { outerPipelineSchema } from './pipeline-schema.js';

// verbose: errors carry parentSchema, so an unknown key can list the valid ones.
const ajv = new Ajv2020({ allErrors: true, verbose: true, useDefaults: true, strict: false });

const compiled = new WeakMap<object, ValidateFunction>();
function compile(schema: JsonObject): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

export const validateOuter = (): ValidateFunction => compile(outerPipelineSchema);
export const paramsValidator = (definition: StageDefinition): ValidateFunction => compile(definition.params);
