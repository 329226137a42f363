#!/usr/bin/env node
/**
 * Builds the optional native products (native/fused-kernels.cc → native/build/fused-kernels.node)
 * with the system's g++ against the running Node's N-API headers, then loads the result in a fresh
 * process to check it. Run by `npm run setup-native`; idempotent (skips when the addon is newer
 * than its source and loads). Prints one line; exits 0 when the kernels are ready or cannot be
 * used on this machine (no compiler, headers or AVX-512: the WASM kernels run), 1 when a build fails.
 *
 *   node packages/kernels/scripts/build-native.mjs [--force] [--quiet]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, '..', 'native', 'fused-kernels.cc');
const out = join(here, '..', 'native', 'build', 'fused-kernels.node');
const args = new Set(process.argv.slice(2));
const log = (line) => { if (!args.has('--quiet')) console.log(`native kernels: ${line}`); };

/** The directory holding node_api.h for this Node: beside the binary (official builds, Debian's), else npm's nodedir. */
function headers() {
  const candidates = [process.env.npm_config_nodedir && join(process.env.npm_config_nodedir, 'include', 'node'),
    join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'].filter(Boolean);
  return candidates.find((dir) => existsSync(join(dir, 'node_api.h')));
}

/** Loads the addon in a fresh process: 'ok', 'unsupported' (no AVX-512 here) or the error. */
function check(file) {
  const probe = `const m = require(${JSON.stringify(file)}); console.log(m.supported() ? 'ok' : 'unsupported');`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : (r.stderr.trim().split('\n').find((l) => /Error/.test(l)) ?? `exit ${r.status}`);
}

function main() {
  if (process.arch !== 'x64') return log(`skipped: ${process.arch} (they need x86-64 with AVX-512); the WASM kernels run`), 0;
  if (!args.has('--force') && existsSync(out) && statSync(out).mtimeMs >= statSync(source).mtimeMs) {
    const state = check(out);
    if (state === 'ok') return log(`ready (${out})`), 0;
    if (state === 'unsupported') return log('built, but this CPU has no AVX-512: the WASM kernels run'), 0;
  }
  const include = headers();
  if (!include) return log(`skipped: no node_api.h for Node ${process.version} (install Node's headers); the WASM kernels run`), 0;
  const cxx = process.env.CXX || 'g++';
  if (spawnSync(cxx, ['--version']).status !== 0) return log(`skipped: no C++ compiler (${cxx}); the WASM kernels run`), 0;
  mkdirSync(dirname(out), { recursive: true });
  const tmp = out.replace(/\.node$/, `.${process.pid}.tmp.node`);
  // -ffp-contract=off: every multiply-add is the explicit one in the source, so the bits follow the source.
  const flags = ['-O3', '-std=c++17', '-shared', '-fPIC', '-ffp-contract=off', '-fvisibility=hidden', `-I${include}`, '-o', tmp, source];
  const t = Date.now();
  const r = spawnSync(cxx, flags, { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(tmp, { force: true });
    console.error(`native kernels: ${cxx} failed:\n${r.stderr}`);
    return 1;
  }
  const state = check(tmp);
  if (state !== 'ok' && state !== 'unsupported') {
    rmSync(tmp, { force: true });
    console.error(`native kernels: the built addon does not load: ${state}`);
    return 1;
  }
  renameSync(tmp, out);
  log(state === 'ok'
    ? `built in ${((Date.now() - t) / 1000).toFixed(1)} s (${out}); the fused engine now uses them (SEQPIPE_KERNELS=wasm chooses the WASM ones)`
    : 'built, but this CPU has no AVX-512: the WASM kernels run');
  return 0;
}

process.exit(main());
