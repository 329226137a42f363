/** Graph helpers over stage ids: cycle finding and topological waves. */

/** Edges: stage → the stages it reads. Returns a cycle as a path `a -> b -> a`, or undefined. */
export function findCycle(ids: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'active') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'active');
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      const cycle = visit(d);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of ids) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * Stages grouped in waves: every stage's inputs are in earlier waves, so the stages of one wave
 * can run concurrently. Within a wave, file order is kept. Assumes no cycle.
 */
export function waves(ids: readonly string[], deps: ReadonlyMap<string, readonly string[]>): string[][] {
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const d = Math.max(-1, ...(deps.get(id) ?? []).map(depthOf)) + 1;
    depth.set(id, d);
    return d;
  };
  const result: string[][] = [];
  for (const id of ids) (result[depthOf(id)] ??= []).push(id);
  return result.filter(Boolean);
}
