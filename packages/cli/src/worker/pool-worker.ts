/**
 * Entry of a `--jobs N` worker process: the same built-in plugins as the CLI, serving jobs from
 * the pool runner. Jobs for plugins it lacks (or at another version) are refused.
 */
import { servePoolWorker } from '@seqpipe/core';
import { Seqpipe } from '../seqpipe.js';

servePoolWorker((stateDir) => {
  const app = new Seqpipe({ stateDir });
  return { registry: app.registry, env: app.env };
});
