/**
 * Checks that a value a plugin module exports is a stage definition: the plain object
 * `defineStage` returns, so a plugin needs no import of ours to be valid.
 */
import { KIND_NAMES } from '../artifacts/kinds.js';
import { STAGE_KINDS, type StageDefinition } from '../contract.js';
import { checkedParamsValidator } from '../spec/ajv.js';
import { USES_PATTERN } from '../spec/pipeline-schema.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kinds = (): string => KIND_NAMES.join(', ');

/** What is wrong with `value` as a stage definition, or undefined when it is one. */
export function stageShapeProblem(value: unknown): string | undefined {
  if (!isObject(value)) return `expected an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`;
  const { uses, version, description, params, inputs, output, run, random, numeric, volatileParams } = value;
  if (typeof uses !== 'string' || !new RegExp(USES_PATTERN).test(uses)) return `"uses" must be "kind/name" (got ${JSON.stringify(uses)})`;
  const kind = uses.split('/')[0]!;
  if (!(STAGE_KINDS as readonly string[]).includes(kind)) return `"${uses}": unknown stage kind "${kind}"; kinds: ${STAGE_KINDS.join(', ')}`;
  const name = `"${uses}"`;
  if (typeof version !== 'string' || !version) return `${name} needs a "version" string`;
  if (description !== undefined && typeof description !== 'string') return `${name}: "description" must be a string`;
  if (!isObject(params)) return `${name}: "params" must be a JSON Schema object`;
  try {
    checkedParamsValidator(value as unknown as StageDefinition);
  } catch (error) {
    return `${name}: its "params" schema does not compile: ${(error as Error).message}`;
  }
  if (!isObject(inputs)) return `${name}: "inputs" must be an object of port → artifact kind (use {} for none)`;
  for (const [port, k] of Object.entries(inputs)) {
    if (!(KIND_NAMES as readonly unknown[]).includes(k)) return `${name}: input "${port}" has unknown artifact kind ${JSON.stringify(k)}; kinds: ${kinds()}`;
  }
  if (!(KIND_NAMES as readonly unknown[]).includes(output)) return `${name}: unknown output kind ${JSON.stringify(output)}; kinds: ${kinds()}`;
  if (typeof run !== 'function') return `${name}: "run" must be a function`;
  for (const hook of ['check', 'inspect', 'fingerprint'] as const) {
    if (value[hook] !== undefined && typeof value[hook] !== 'function') return `${name}: "${hook}" must be a function`;
  }
  if (random !== undefined && typeof random !== 'boolean') return `${name}: "random" must be a boolean`;
  if (numeric !== undefined && typeof numeric !== 'boolean') return `${name}: "numeric" must be a boolean`;
  if (volatileParams !== undefined && !(Array.isArray(volatileParams) && volatileParams.every((p) => typeof p === 'string'))) {
    return `${name}: "volatileParams" must be an array of parameter names`;
  }
  return undefined;
}
