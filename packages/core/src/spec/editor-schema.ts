/**
 * The JSON Schema of a pipeline file for editors (yaml-language-server) and CI: the outer shape,
 * with each stage's `with` schema selected by its `uses` through if/then.
 */
import type { JsonObject } from '../json.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { pipelineSchema, stageSchema } from './pipeline-schema.js';

export function editorSchema(registry: PluginRegistry): JsonObject {
  const stages = registry.allStages();
  const stage = stageSchema({
    description: 'The plugin: kind/name. See `seqpipe plugins`.',
    enum: stages.map((s) => s.uses),
  });
  stage.allOf = stages.map((s) => ({
    if: { properties: { uses: { const: s.uses } }, required: ['uses'] },
    then: { properties: { with: { ...s.params, description: s.description } } },
  }));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://seqpipe.dev/schemas/pipeline.schema.json',
    title: 'seqpipe pipeline',
    ...pipelineSchema(stage),
  };
}
