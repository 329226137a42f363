import { ContainerModule, type ContainerModuleLoadOptions } from 'inversify';
import type { ArtifactCodec, StageDefinition } from '../contract.js';
import { dataCodecs } from '../artifacts/data-codecs.js';
import type { LoadedPlugin } from '../plugins/plugin-loader.js';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import { CODEC, PLUGIN, REGISTRY, STAGE } from './tokens.js';

/**
 * The registry from every STAGE and CODEC bound in this container or its ancestors (chained),
 * plus the PLUGIN stages bound here. The root binds it once; a pipeline scope binds it again, so
 * its registry also holds the stages its `plugins:` loaded.
 */
function bindRegistry(bind: ContainerModuleLoadOptions['bind']): void {
  bind(REGISTRY)
    .toResolvedValue<[StageDefinition[], ArtifactCodec[], LoadedPlugin[] | undefined]>(
      (stages, codecs, plugins) => new PluginRegistry(stages, codecs, plugins ?? []),
      [
        { serviceIdentifier: STAGE, isMultiple: true, chained: true },
        { serviceIdentifier: CODEC, isMultiple: true, chained: true },
        { serviceIdentifier: PLUGIN, isMultiple: true, optional: true },
      ],
    )
    .inSingletonScope();
}

/** Core's contribution: codecs for the data kinds, and the registry built from every plugin. */
export const coreModule = new ContainerModule(({ bind }) => {
  for (const codec of dataCodecs) bind(CODEC).toConstantValue(codec);
  bindRegistry(bind);
});

/** Loaded into a pipeline's child container: the stages its `plugins:` named, and a registry with them. */
export function pipelinePluginsModule(plugins: readonly LoadedPlugin[]): ContainerModule {
  return new ContainerModule(({ bind }) => {
    for (const p of plugins) bind(PLUGIN).toConstantValue(p);
    bindRegistry(bind);
  });
}
