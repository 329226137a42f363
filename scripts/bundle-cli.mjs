#!/usr/bin/env node
/**
 * Bundles the compiled CLI (packages/cli/dist/main.js and everything it imports statically, our
 * packages and their dependencies) into packages/cli/dist/seqpipe.bundle.js, which bin/seqpipe.js
 * runs. Loading ~1,500 small ESM/CJS files cost ≈0.6 s of CPU on every command; one file loads in
 * ≈0.1 s. Left outside (resolved from packages/cli at run time, as dependencies of @seqpipe/cli):
 * what loads lazily and is heavy or native (TensorFlow.js, vega), and workerpool (sweeps only).
 * Run by `npm run build` after `tsc -b`; see ARCHITECTURE.md, "Startup".
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../packages/cli/', import.meta.url));

await build({
  entryPoints: [`${cli}dist/main.js`],
  outfile: `${cli}dist/seqpipe.bundle.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@tensorflow/*', 'vega', 'vega-lite', 'workerpool'],
  // CommonJS dependencies (ajv, …) call require(); an ESM bundle has none of its own.
  banner: { js: "import { createRequire as __seqpipeRequire } from 'node:module'; const require = __seqpipeRequire(import.meta.url);" },
  legalComments: 'eof',
  logLevel: 'warning',
});
