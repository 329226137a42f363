#!/usr/bin/env node
/**
 * npm run setup-native: builds the fused engine's native products (packages/kernels/native, AVX-512;
 * see packages/kernels/scripts/build-native.mjs), then makes the optional native backend (@tensorflow/tfjs-node) work without its
 * libtensorflow download, which fails where Google's storage is unreachable. The TensorFlow C
 * library comes from the tensorflow-cpu wheel on PyPI instead (TF >= 2.12 ships
 * libtensorflow_cc.so.2 with every TF_ and TFE_ function the binding calls), and the binding is
 * built from source against it. Idempotent: a provisioned checkout only re-verifies the load.
 *
 * Options: --force (extract and rebuild again), --quiet.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { messages } from '@seqpipe/core';

// The pinned wheel: 2.13.1 is checked here (loads, trains, passes the parity test).
const WHEEL = {
  requirement: 'tensorflow-cpu==2.13.1',
  file: 'tensorflow_cpu-2.13.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
  sha256: '87be6e61314b2c0fa062f71e26e41d6a17e162ffe4da72c820fe8f1fc94d97fe',
  // Any CPython tag works (the libraries have no Python symbols); one tag keeps the cache to one file.
  pipTarget: ['--platform', 'manylinux2014_x86_64', '--python-version', '3.11', '--implementation', 'cp'],
};
// What the binding's sources include; the extractor follows their includes through the wheel.
const HEADERS = [
  'tensorflow/c/c_api.h',
  'tensorflow/c/eager/c_api.h',
  'tensorflow/c/tf_datatype.h',
  'tensorflow/c/tf_status.h',
  'tensorflow/c/tf_tensor.h',
  'tensorflow/core/platform/ctstring_internal.h',
];
// tfjs-node 4.22 expects libtensorflow 2.9.1; this name also makes its install script skip the download.
const LIB_LINKS = {
  'libtensorflow.so': 'libtensorflow_cc.so.2',
  'libtensorflow.so.2.9.1': 'libtensorflow_cc.so.2',
  'libtensorflow_framework.so': 'libtensorflow_framework.so.2',
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const log = (line) => quiet || console.error(line);
const started = performance.now();
const seconds = (since = started) => `${((performance.now() - since) / 1000).toFixed(1)}s`;

class SetupError extends Error {
  constructor(code, ...params) {
    super(messages[code](...params));
    this.code = code;
  }
}

function run(cmd, cmdArgs, options = {}) {
  return spawnSync(cmd, cmdArgs, { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20, ...options });
}

const cacheDir = () => join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'seqpipe');

/** The tfjs-node version seqpipe declares (its optionalDependency). */
function wantedTfjsNode() {
  const manifest = JSON.parse(readFileSync(join(root, 'packages/tfjs/package.json'), 'utf8'));
  return manifest.optionalDependencies['@tensorflow/tfjs-node'];
}

/** Where tfjs-node resolves from @seqpipe/tfjs, or undefined (npm drops it when its install fails). */
function findTfjsNode() {
  const require = createRequire(join(root, 'packages/tfjs/package.json'));
  try {
    const manifest = require.resolve('@tensorflow/tfjs-node/package.json');
    return { dir: dirname(manifest), version: JSON.parse(readFileSync(manifest, 'utf8')).version };
  } catch {
    return undefined;
  }
}

function checkTools() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new SetupError('E_NATIVE_UNSUPPORTED', `${process.platform}-${process.arch}`);
  }
  const python = ['python3', 'python'].find((p) => run(p, ['-m', 'pip', '--version']).status === 0);
  if (!python) throw new SetupError('E_NATIVE_NO_PIP', 'neither "python3 -m pip" nor "python -m pip" runs');
  const cxx = process.env.CXX || 'c++';
  const compiler = run(cxx, ['--version']);
  if (compiler.status !== 0) throw new SetupError('E_NATIVE_NO_COMPILER', `"${cxx} --version" failed`);
  if (run('make', ['--version']).status !== 0) throw new SetupError('E_NATIVE_NO_MAKE');
  return { python, cxx: compiler.stdout.split('\n')[0] };
}

/**
 * A folder holding this Node's headers (include/node/node_api.h), so node-gyp need not download
 * them: npm's nodedir, the prefix Node runs from (NodeSource and distro packages put them there),
 * or node-gyp's own cache. Undefined: node-gyp will try to download them.
 */
function nodeHeadersDir() {
  const version = process.version.slice(1);
  const candidates = [
    process.env.npm_config_nodedir,
    join(dirname(process.execPath), '..'),
    join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'node-gyp', version),
  ].filter(Boolean);
  return candidates.find((dir) => {
    try {
      const h = readFileSync(join(dir, 'include/node/node_version.h'), 'utf8');
      const [major, minor, patch] = ['MAJOR', 'MINOR', 'PATCH'].map((k) => h.match(new RegExp(`define NODE_${k}_VERSION (\\d+)`))?.[1]);
      return `${major}.${minor}.${patch}` === version && existsSync(join(dir, 'include/node/node_api.h'));
    } catch {
      return false;
    }
  });
}

function sha256(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file).on('data', (d) => hash.update(d)).on('end', () => resolve(hash.digest('hex'))).on('error', reject);
  });
}

async function wheel(python) {
  const dir = join(cacheDir(), 'wheels');
  const file = join(dir, WHEEL.file);
  if (!existsSync(file)) {
    const t = performance.now();
    log(`downloading ${WHEEL.requirement} (≈187 MB) into ${dir}`);
    mkdirSync(dir, { recursive: true });
    const pip = run(python, ['-m', 'pip', 'download', WHEEL.requirement, '--no-deps', '--only-binary=:all:', ...WHEEL.pipTarget, '--dest', dir], {
      stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'pipe'],
    });
    if (pip.status !== 0 || !existsSync(file)) {
      throw new SetupError('E_NATIVE_DOWNLOAD', WHEEL.requirement, (pip.stderr || '').trim().split('\n').pop() || `exit ${pip.status}`);
    }
    log(`  downloaded ${(statSync(file).size / 1e6).toFixed(0)} MB in ${seconds(t)}`);
  }
  const digest = await sha256(file);
  if (digest !== WHEEL.sha256) {
    rmSync(file);
    throw new SetupError('E_NATIVE_DOWNLOAD', WHEEL.requirement, `sha256 ${digest} is not the pinned ${WHEEL.sha256}; the file was removed`);
  }
  return file;
}

function installTfjsNode(version) {
  // Scripts skipped: its install script would try the libtensorflow download. Not saved: the lock
  // file already lists it as optional.
  log(`installing @tensorflow/tfjs-node@${version} without its install script`);
  const npm = run('npm', ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `@tensorflow/tfjs-node@${version}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const found = findTfjsNode();
  if (npm.status !== 0 || !found) {
    throw new SetupError('E_NATIVE_INSTALL', `@tensorflow/tfjs-node@${version}`, (npm.stderr || '').trim().split('\n').pop() || `exit ${npm.status}`);
  }
  return found;
}

function provideDeps(python, wheelFile, deps) {
  const t = performance.now();
  rmSync(deps, { recursive: true, force: true });
  const extract = run(python, [join(root, 'scripts/native/extract-libtensorflow.py'), wheelFile, deps, ...HEADERS]);
  if (extract.status !== 0) throw new Error(`extracting ${wheelFile} failed: ${extract.stderr.trim()}`);
  const result = JSON.parse(extract.stdout);
  if (result.missing.length) log(`  note: headers not in the wheel (the build will say if they matter): ${result.missing.join(', ')}`);
  for (const [link, target] of Object.entries(LIB_LINKS)) symlinkSync(target, join(deps, 'lib', link));
  log(`  libtensorflow and ${result.headers} headers in ${deps} (${seconds(t)})`);
}

function rebuild(headers) {
  const t = performance.now();
  const logFile = join(cacheDir(), 'setup-native-build.log');
  log(`building the binding from source (npm rebuild @tensorflow/tfjs-node; log ${logFile})`);
  // --build-from-source: node-pre-gyp would otherwise first try a prebuilt binary from Google's storage.
  const flags = ['rebuild', '@tensorflow/tfjs-node', '--build-from-source', '--foreground-scripts', ...(headers ? [`--nodedir=${headers}`] : [])];
  const npm = run('npm', flags);
  writeFileSync(logFile, `$ npm ${flags.join(' ')}\n${npm.stdout}\n${npm.stderr}`);
  if (npm.status !== 0) {
    if (!headers && /node_api\.h|node-gyp.*(headers|tarball|download)|ENOTFOUND|ECONNREFUSED|ETIMEDOUT/i.test(npm.stdout + npm.stderr)) {
      throw new SetupError('E_NATIVE_NO_NODE_HEADERS', process.version, logFile);
    }
    throw new SetupError('E_NATIVE_BUILD', logFile);
  }
  log(`  built in ${seconds(t)}`);
}

/** Loads tfjs-node in a fresh process the way seqpipe does and reports what ran. */
function verify() {
  const probe = `const tf = require('@tensorflow/tfjs-node');
const x = tf.tensor([1, 2, 3]).square().sum().dataSync()[0];
console.log(JSON.stringify({ backend: tf.getBackend(), tfjs: tf.version['tfjs-core'], tfjsNode: tf.version['tfjs-node'], tensorflow: tf.backend().binding.TF_Version, check: x }));`;
  const node = run(process.execPath, ['-e', probe], { cwd: join(root, 'packages/tfjs'), env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
  const line = node.stdout.trim().split('\n').pop();
  let info;
  try {
    info = JSON.parse(line);
  } catch {
    throw new SetupError('E_NATIVE_LOAD', (node.stderr || '').trim().split('\n').find((l) => /Error/.test(l)) ?? `exit ${node.status}`);
  }
  if (info.backend !== 'tensorflow' || info.check !== 14) throw new SetupError('E_NATIVE_LOAD', `backend ${info.backend}, 1²+2²+3² = ${info.check}`);
  return info;
}

/** The fused engine's native products (packages/kernels/native): built first, in seconds, whatever happens to tfjs-node. */
function buildKernels() {
  const r = spawnSync(process.execPath, [join(root, 'packages/kernels/scripts/build-native.mjs'), ...(args.has('--force') ? ['--force'] : []), ...(args.has('--quiet') ? ['--quiet'] : [])], { stdio: 'inherit' });
  if (r.status !== 0) throw new SetupError('E_NATIVE_KERNELS_BUILD');
}

async function main() {
  buildKernels();
  const wanted = wantedTfjsNode();
  let tfjsNode = findTfjsNode();
  const stampFile = tfjsNode && join(tfjsNode.dir, 'deps', 'seqpipe-native.json');
  const stamp = { wheel: WHEEL.file, sha256: WHEEL.sha256, tfjsNode: wanted, node: process.version };
  if (!args.has('--force') && tfjsNode?.version === wanted && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === `${JSON.stringify(stamp)}\n`) {
    const info = verify();
    log(`already provisioned: backend ${info.backend}, TensorFlow ${info.tensorflow}, tfjs-node ${info.tfjsNode} (${seconds()})`);
    return;
  }
  const tools = checkTools();
  const headers = nodeHeadersDir();
  log(`using ${tools.python} -m pip, ${tools.cxx}, Node headers ${headers ? `in ${headers}/include/node` : 'from node-gyp (download)'}`);
  const wheelFile = await wheel(tools.python);
  if (tfjsNode?.version !== wanted) tfjsNode = installTfjsNode(wanted);
  const deps = join(tfjsNode.dir, 'deps');
  provideDeps(tools.python, wheelFile, deps);
  rebuild(headers);
  const info = verify();
  writeFileSync(join(deps, 'seqpipe-native.json'), `${JSON.stringify(stamp)}\n`);
  log(`native backend ready: backend ${info.backend}, TensorFlow ${info.tensorflow}, tfjs-node ${info.tfjsNode} (${seconds()} in all)`);
  log('seqpipe run now uses it; SEQPIPE_BACKEND=wasm (or cpu) chooses another backend');
}

main().catch((error) => {
  console.error(error.code ? `${error.code}: ${error.message}` : `setup-native failed: ${error.stack ?? error}`);
  process.exit(1);
});
