/**
 * Entry of a `--jobs N` worker process: the same built-in plugins as the CLI, plus the `plugins:`
 * entry a job names (imported by servePoolWorker), serving jobs from the pool runner. Jobs for
 * plugins it lacks (or at another version) are refused.
 */
import { servePoolWorker } from '@seqpipe/core';
import { Seqpipe } from '../seqpipe.js';

const apps = new Map<string, Seqpipe>();
servePoolWorker((stateDir, plugins) => {
  let app = apps.get(stateDir);
  if (!app) apps.set(stateDir, (app = new Seqpipe({ stateDir })));
  return { registry: plugins.length ? app.registryWith(plugins) : app.registry, env: app.env };
});
