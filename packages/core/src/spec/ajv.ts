import { createHash } from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import canonicalize from 'canonicalize';
import type { StageDefinition } from '../contract.js';
import type { JsonObject } from '../json.js';
import { outerPipelineSchema } from './pipeline-schema.js';

// verbose: errors carry parentSchema, so an unknown key can list the valid ones.
export const AJV_OPTIONS = { allErrors: true, verbose: true, useDefaults: true, strict: false } as const;
const options = AJV_OPTIONS;
// Our own schemas are checked against the 2020-12 meta-schema by a test (builtin-schemas.test.ts), not on
// every start: compiling the meta-schema costs ≈70 ms of CPU. A plugin's schema is checked when
// the plugin loads (checkedParamsValidator), and its compiled validator is reused after that.
// Created on first use: with the bundle's precompiled validators a run may need neither.
let trusted: Ajv2020 | undefined;
let checked: Ajv2020 | undefined;

/**
 * Validators generated at build time (Ajv standalone code, scripts/bundle-cli.mjs) for the
 * built-in schemas, by `schemaDigest`: the bundled CLI registers them, and a schema whose digest
 * matches one skips compilation (≈30–60 ms per start). Any other schema compiles as usual.
 */
const precompiled = new Map<string, ValidateFunction>();
export function registerPrecompiledValidators(validators: Readonly<Record<string, unknown>>): void {
  for (const [name, fn] of Object.entries(validators)) if (typeof fn === 'function') precompiled.set(name.replace(/^v_/, ''), fn as ValidateFunction);
}

/** sha256 of the canonical JSON of the schema and the options it is compiled with. */
export function schemaDigest(schema: JsonObject): string {
  return createHash('sha256').update(canonicalize({ options: AJV_OPTIONS, schema }) ?? '').digest('hex');
}

const compiled = new WeakMap<object, ValidateFunction>();
function compile(schema: JsonObject, ajv: () => Ajv2020 = () => (trusted ??= new Ajv2020({ ...options, validateSchema: false }))): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = (precompiled.size ? precompiled.get(schemaDigest(schema)) : undefined) ?? ajv().compile(schema);
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
