/**
 * Vega-Lite spec → SVG string, in Node, with no browser or canvas (vega's headless 'none' renderer).
 * vega and vega-lite are imported on the first render only: together they take ≈0.5 s to load,
 * and a re-run whose charts are in the SVG cache (svg-cache.ts) never needs them.
 */
import type { TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

export async function renderSvg(spec: ChartSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
