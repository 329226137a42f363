/** How a sweep report names combinations and prints values. */
import { num } from './html.js';

/** The last segment of a dotted parameter path: `model.layers.0.units` → `units`. */
export const short = (name: string): string => name.slice(name.lastIndexOf('.') + 1);
export const value = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** `cell=gru units=64`: a grid combination (the params without the seed). */
export function comboLabel(params: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(params).map(([k, v]) => `${short(k)}=${value(v)}`);
  return parts.length ? parts.join(' ') : 'all';
}

/** mean ± std over seeds (just the value for one seed, a dash for none). */
export const pm = (s: { mean: number; std: number; n: number } | undefined): string =>
  !s || s.n === 0 ? '—' : s.n === 1 ? num(s.mean) : `${num(s.mean)} ± ${s.std === 0 ? '0' : num(s.std)}`;
