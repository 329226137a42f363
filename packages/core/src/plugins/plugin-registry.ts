/**
 * Looks up stage definitions by `uses` and codecs by kind (and implementation). Stages from a
 * pipeline's `plugins:` also carry their origin, which enters their cache keys.
 */
import type { Artifact } from '../artifacts/kinds.js';
import type { ArtifactCodec, CodecLookup, EncodedArtifact, StageDefinition } from '../contract.js';
import type { JsonObject } from '../json.js';
import type { LoadedPlugin, PluginOrigin } from './plugin-loader.js';

export class PluginRegistry implements CodecLookup {
  private readonly stages = new Map<string, StageDefinition>();
  private readonly codecs = new Map<string, ArtifactCodec>();
  private readonly origins = new Map<string, PluginOrigin>();

  constructor(stages: readonly StageDefinition[], codecs: readonly ArtifactCodec[], plugins: readonly LoadedPlugin[] = []) {
    for (const s of [...stages, ...plugins.map((p) => p.definition)]) {
      if (this.stages.has(s.uses)) throw new Error(`two plugins register "${s.uses}"`);
      this.stages.set(s.uses, s);
    }
    for (const p of plugins) this.origins.set(p.definition.uses, p.origin);
    for (const c of codecs) this.codecs.set(codecKey(c.kind, c.impl), c);
  }

  /** Where a stage loaded from a pipeline's `plugins:` came from; undefined for registered stages. */
  origin(uses: string): PluginOrigin | undefined {
    return this.origins.get(uses);
  }

  stage(uses: string): StageDefinition | undefined {
    return this.stages.get(uses);
  }

  /** All stages, sorted by `uses`. */
  allStages(): StageDefinition[] {
    return [...this.stages.values()].sort((a, b) => a.uses.localeCompare(b.uses));
  }

  codecFor(artifact: Artifact): ArtifactCodec {
    return this.codec(artifact.kind, 'impl' in artifact ? artifact.impl : undefined);
  }

  /** Stored bytes' artifact, by the codec its header names (kind, and impl for forecasters). */
  async decode(encoded: EncodedArtifact): Promise<Artifact> {
    const header = encoded.header as { kind: string; impl?: string };
    return (await this.codec(header.kind, header.impl).decode(encoded, this)) as Artifact;
  }

  /** The artifact by its codec; the header always names kind (and impl) so the bytes decode without the pipeline. */
  async encode(artifact: Artifact): Promise<EncodedArtifact> {
    const encoded = await this.codecFor(artifact).encode(artifact as never, this);
    const impl: JsonObject = 'impl' in artifact ? { impl: artifact.impl } : {};
    return { header: { ...encoded.header, kind: artifact.kind, ...impl }, buffers: encoded.buffers };
  }

  /** The native files a codec exports for stored bytes (model.json + weights); none when it has no `files`. */
  files(encoded: EncodedArtifact): Record<string, Uint8Array> {
    const header = encoded.header as { kind: string; impl?: string };
    return this.codec(header.kind, header.impl).files?.(encoded, this) ?? {};
  }

  codec(kind: string, impl?: string): ArtifactCodec {
    const c = this.codecs.get(codecKey(kind, impl));
    if (!c) throw new Error(`no codec registered for artifact kind "${codecKey(kind, impl)}"`);
    return c;
  }
}

const codecKey = (kind: string, impl?: string): string => (impl ? `${kind}:${impl}` : kind);
