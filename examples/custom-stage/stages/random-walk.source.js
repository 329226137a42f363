// A third-party stage in plain JavaScript: the default export is the object defineStage() would
// return, so this file needs no import of seqpipe at all. Name it in a pipeline under `plugins:`.
export default {
  uses: 'source/random-walk',
  // Bump when the output for the same params changes (it is part of the cache key; so is this
  // file's sha256, so any edit re-runs the stage and what depends on it).
  version: '1',
  description: 'A seeded Gaussian random walk with drift: x[t] = x[t-1] + drift + sigma * N(0, 1).',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      points: { type: 'integer', minimum: 2, default: 400, description: 'Number of steps.' },
      start: { type: 'number', default: 100, description: 'Value at step 0.' },
      drift: { type: 'number', default: 0.05, description: 'Added at every step.' },
      sigma: { type: 'number', exclusiveMinimum: 0, default: 1, description: 'Standard deviation of each step.' },
    },
  },
  inputs: {},
  output: 'series',
  // The cache key includes the stage's seed (derived from the pipeline seed and the stage id).
  random: true,
  // Static facts let `seqpipe validate` check downstream stages (a window longer than the series).
  check: (params) => ({ facts: { length: params.points, columns: 1 } }),
  async run(ctx, _inputs, params) {
    const values = new Float64Array(params.points);
    values[0] = params.start;
    // ctx.rng is seeded: never Math.random, so a run is reproducible.
    for (let t = 1; t < params.points; t++) values[t] = values[t - 1] + params.drift + params.sigma * ctx.rng.normal();
    const time = Float64Array.from(values, (_, t) => t);
    return { kind: 'series', columns: ['value'], length: params.points, values, time, transforms: [] };
  },
};
