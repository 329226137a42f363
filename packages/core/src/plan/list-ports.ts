/**
 * List ports (`{ kind, list: true }`) in the plan: item i of port `members` is bound as the plan
 * port `members[i]`, so everything that walks `inputs` (graph, fan-out, cache key, status) sees
 * ordinary single ports, list order is in the cache key, and stages without lists are keyed as
 * before. `groupListInputs` turns them back into one array for the stage's `run`.
 */
import { portList, type StageDefinition } from '../contract.js';

export const listPortName = (port: string, index: number): string => `${port}[${index}]`;

/** `members[2]` → { port: 'members', index: 2 }; undefined for a plain port name. */
export function parseListPort(name: string): { port: string; index: number } | undefined {
  const m = /^(.+)\[(\d+)\]$/.exec(name);
  return m ? { port: m[1]!, index: Number(m[2]) } : undefined;
}

/** The items bound to list port `port`, in list order. */
export function listItems<T>(inputs: Readonly<Record<string, T>>, port: string): T[] {
  const items: [number, T][] = [];
  for (const [name, value] of Object.entries(inputs)) {
    const p = parseListPort(name);
    if (p?.port === port) items.push([p.index, value]);
  }
  return items.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** A job's inputs as the stage's `run` takes them: each list port's items as one array, in order. */
export function groupListInputs<T>(definition: StageDefinition, inputs: Readonly<Record<string, T>>): Record<string, T | T[]> {
  const lists = Object.keys(definition.inputs).filter((p) => portList(definition.inputs[p]!));
  if (lists.length === 0) return { ...inputs };
  const out: Record<string, T | T[]> = {};
  for (const [name, value] of Object.entries(inputs)) {
    const p = parseListPort(name);
    if (!p || !lists.includes(p.port)) out[name] = value;
  }
  for (const port of lists) {
    const items = listItems(inputs, port);
    if (items.length > 0) out[port] = items;
  }
  return out;
}
