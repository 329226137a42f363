/** How one CSV cell reads as a value: a number, missing, or bad. */

/** Cells that mean "no value" (case-insensitive, after trimming). */
const MISSING = new Set(['', 'na', 'n/a', '#n/a', 'nan', 'null']);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITE = /^[+-]?(?:inf|infinity)$/i;

export type Cell = { readonly kind: 'number'; readonly value: number } | { readonly kind: 'missing' } | { readonly kind: 'infinite' } | { readonly kind: 'text' };

export function readCell(raw: string): Cell {
  const s = raw.trim();
  if (MISSING.has(s.toLowerCase())) return { kind: 'missing' };
  if (NUMBER.test(s)) {
    const value = Number(s);
    // 1e999 overflows to Infinity: as unusable as "Inf".
    return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'infinite' };
  }
  return INFINITE.test(s) ? { kind: 'infinite' } : { kind: 'text' };
}

export const isNumberCell = (raw: string): boolean => readCell(raw).kind === 'number';

/**
 * 1-based character column where field `field` starts in one physical line, honouring quotes
 * (a quoted delimiter does not start a field). Used only to locate an error.
 */
export function fieldColumn(line: string, field: number, delimiter: string): number {
  let inQuotes = false;
  let current = 0;
  for (let i = 0; i < line.length; i++) {
    if (current === field) return i + 1;
    const c = line[i];
    if (c === '"') inQuotes = inQuotes && line[i + 1] === '"' ? (i++, true) : !inQuotes;
    else if (c === delimiter && !inQuotes) current++;
  }
  return current === field ? line.length + 1 : 1;
}
