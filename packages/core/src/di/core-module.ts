import { ContainerModule } from 'inversify';
import type { ArtifactCodec, StageDefinition } from '../contract.js';
import { dataCodecs } from '../artifacts/data-codecs.js';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import { CODEC, REGISTRY, STAGE } from './tokens.js';

/** Core's contribution: codecs for the data kinds, and the registry built from every plugin. */
export const coreModule = new ContainerModule(({ bind }) => {
  for (const codec of dataCodecs) bind(CODEC).toConstantValue(codec);
  bind(REGISTRY)
    .toResolvedValue<[StageDefinition[], ArtifactCodec[]]>(
      (stages, codecs) => new PluginRegistry(stages, codecs),
      [
        { serviceIdentifier: STAGE, isMultiple: true },
        { serviceIdentifier: CODEC, isMultiple: true },
      ],
    )
    .inSingletonScope();
});
