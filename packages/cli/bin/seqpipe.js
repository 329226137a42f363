#!/usr/bin/env node
// Thin launcher. `npm run build` (run by `npm ci` via "prepare") compiles the CLI to dist/ and
// bundles it into dist/seqpipe.bundle.js: one file starts ≈0.5 s faster than ~1,500 modules.
// In a checkout, a bundle older than any package's last `tsc -b` is stale, so the compiled
// modules run instead; SEQPIPE_BUNDLE=0 forces them (stack traces then name the source files).
import { readdirSync, statSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);

function freshBundle() {
  if (process.env.SEQPIPE_BUNDLE === '0') return false;
  let built;
  try {
    built = statSync(new URL('seqpipe.bundle.js', dist)).mtimeMs;
  } catch {
    return false;
  }
  // Workspace siblings (packages/*); an installed package has no tsbuildinfo, so nothing to compare.
  const packages = new URL('../../', import.meta.url);
  let names = [];
  try {
    names = readdirSync(packages);
  } catch {}
  for (const name of names) {
    try {
      if (statSync(new URL(`${name}/tsconfig.tsbuildinfo`, packages)).mtimeMs > built) return false;
    } catch {}
  }
  return true;
}

const { main, reportError, exitWhenFlushed, ignoreClosedReaders } = await import(new URL(freshBundle() ? 'seqpipe.bundle.js' : 'main.js', dist).href);

// A failure outside main's own error handling (a stray promise) is still one coded line, not a trace.
for (const event of ['uncaughtException', 'unhandledRejection']) process.on(event, (error) => exitWhenFlushed(reportError(error)));
ignoreClosedReaders();

// Not process.exit: output still queued for a slow pipe reader would be cut off.
exitWhenFlushed(await main(process.argv.slice(2)));
