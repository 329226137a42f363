/** Looks up stage definitions by `uses` and codecs by kind (and implementation). */
import type { Artifact } from '../artifacts/kinds.js';
import type { ArtifactCodec, StageDefinition } from '../contract.js';

export class PluginRegistry {
  private readonly stages = new Map<string, StageDefinition>();
  private readonly codecs = new Map<string, ArtifactCodec>();

  constructor(stages: readonly StageDefinition[], codecs: readonly ArtifactCodec[]) {
    for (const s of stages) {
      if (this.stages.has(s.uses)) throw new Error(`two plugins register "${s.uses}"`);
      this.stages.set(s.uses, s);
    }
    for (const c of codecs) this.codecs.set(codecKey(c.kind, c.impl), c);
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

  codec(kind: string, impl?: string): ArtifactCodec {
    const c = this.codecs.get(codecKey(kind, impl));
    if (!c) throw new Error(`no codec registered for artifact kind "${codecKey(kind, impl)}"`);
    return c;
  }
}

const codecKey = (kind: string, impl?: string): string => (impl ? `${kind}:${impl}` : kind);
