/** Every injection token, typed, in one place. */
import type { ServiceIdentifier } from 'inversify';
import type { ArtifactCodec, NumericEnvironment, StageDefinition } from '../contract.js';
import type { LoadedPlugin } from '../plugins/plugin-loader.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';

/** Multi-injected: every stage definition (built-in or plugin). */
export const STAGE: ServiceIdentifier<StageDefinition> = Symbol.for('seqpipe.Stage');
/** Multi-injected: every artifact codec. */
export const CODEC: ServiceIdentifier<ArtifactCodec> = Symbol.for('seqpipe.Codec');
/** The numeric backend description (tfjs package). */
export const NUMERIC_ENV: ServiceIdentifier<NumericEnvironment> = Symbol.for('seqpipe.NumericEnvironment');
/** Stage and codec lookup, built from everything bound to STAGE and CODEC. */
export const REGISTRY: ServiceIdentifier<PluginRegistry> = Symbol.for('seqpipe.PluginRegistry');
/** Multi-injected in a pipeline's scope: the stages its `plugins:` loaded, with their origins. */
export const PLUGIN: ServiceIdentifier<LoadedPlugin> = Symbol.for('seqpipe.Plugin');
