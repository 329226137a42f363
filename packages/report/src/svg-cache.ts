/**
 * Rendered charts cached in the content store. An SVG is a pure function of its Vega-Lite spec,
 * the installed vega and vega-lite, and our render settings, so the cache key hashes exactly
 * those: a report whose charts did not change (a fully cached re-run) is written from the store
 * without loading vega. Everything else in a report (run id, times, tables) is rendered fresh.
 * The SVGs are ordinary objects: `cache verify` checks them, `cache gc` may drop them (no run
 * references them), and a later report renders them again.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ContentStore, hashKeyMaterial, type JsonObject } from '@seqpipe/core';
import { renderSvg, type ChartSpec } from './render-svg.js';

/** Bump when renderSvg's settings change the SVG for the same spec and versions. */
const RENDER_VERSION = 1;

export interface SvgRenderer {
  render(spec: ChartSpec): Promise<string>;
}

/** Renders through the store: a hit reads the SVG, a miss renders it and stores it. */
export class SvgCache implements SvgRenderer {
  /** Charts rendered (vega loaded) and read from the store, for the caller's record. */
  rendered = 0;
  hits = 0;
  private readonly store: ContentStore;

  constructor(stateDir: string) {
    this.store = new ContentStore(stateDir);
  }

  async render(spec: ChartSpec): Promise<string> {
    const key = svgKey(spec);
    const manifest = await this.store.getKey(key).catch(() => undefined);
    const bytes = manifest && (await this.store.getObject(manifest.digest).catch(() => undefined));
    if (bytes) {
      this.hits++;
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    }
    const svg = await renderSvg(spec);
    this.rendered++;
    // A full or read-only state dir costs the next report a render, not this report.
    await this.put(key, svg).catch(() => undefined);
    return svg;
  }

  private async put(key: string, svg: string): Promise<void> {
    const data = Buffer.from(svg, 'utf8');
    const digest = await this.store.putObject(data);
    await this.store.putKey(key, { digest, kind: 'chart-svg', uses: 'report/svg', stage: 'report', bytes: data.byteLength });
  }
}

/**
 * `svg-` + sha256 of the canonical JSON of what the SVG depends on, hashed like a stage's key:
 * the "plugin" is the renderer at its version, the "params" the spec.
 */
export function svgKey(spec: ChartSpec): string {
  const { vega, vegaLite } = vegaVersions();
  return `svg-${hashKeyMaterial({
    keyVersion: RENDER_VERSION, uses: 'report/svg', pluginVersion: `vega ${vega}, vega-lite ${vegaLite}`,
    params: spec as unknown as JsonObject, inputs: {},
  })}`;
}

let versions: { vega: string; vegaLite: string } | undefined;
/** The installed vega and vega-lite, read from their package.json files (nothing is imported). */
export function vegaVersions(): { vega: string; vegaLite: string } {
  versions ??= { vega: packageVersion('vega'), vegaLite: packageVersion('vega-lite') };
  return versions;
}

function packageVersion(name: string): string {
  // Resolves the entry (their exports hide package.json), then walks up to the package's folder.
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name && manifest.version) return manifest.version;
    } catch {
      // no package.json at this level
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}
