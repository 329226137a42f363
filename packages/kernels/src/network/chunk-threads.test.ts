/**
 * A worker thread is a new load of the code from disk. If the build changed since the process
 * started (a rebuild or reinstall during a long run), the worker would compute its chunks with
 * other code than the main thread's: it must refuse, so training goes on single-threaded (the
 * same bits). Checked on a copy of the built package, whose build stamp the child process changes.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('../..', import.meta.url));
// Inside the package, so the copy resolves @seqpipe/core from the workspace's node_modules.
const copy = mkdtempSync(join(pkg, '.test-build-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const script = (touch: boolean) => `
import { utimesSync } from 'node:fs';
const k = await import(${JSON.stringify(join(copy, 'dist/index.js'))});
const { createRng } = await import('@seqpipe/core');
const spec = { kind: 'model-spec', head: { activation: 'linear' }, layers: [{ cell: 'gru', units: 8, activation: 'tanh', recurrentActivation: 'sigmoid', dropout: 0, recurrentDropout: 0 }] };
const shape = { lookback: 4, features: 1, outputs: 1 };
const layout = k.fusedLayout(spec, shape);
const net = new k.ChunkedNetwork(layout, k.initialParams(spec, shape, createRng(1)), 48);
${touch ? `const later = new Date(Date.now() + 60_000); utimesSync(${JSON.stringify(join(copy, 'tsconfig.tsbuildinfo'))}, later, later);` : ''}
try { await k.startChunkThreads(net, 2, 'mse'); console.log('threaded', net.threaded); } catch (e) { console.log('refused', String(e.message).includes('other code')); }
await net.close();
`;

describe('chunk worker threads', () => {
  it('start on the same build, and refuse when the build changed after the process loaded it', () => {
    cpSync(join(pkg, 'dist'), join(copy, 'dist'), { recursive: true });
    writeFileSync(join(copy, 'tsconfig.tsbuildinfo'), '{}');
    writeFileSync(join(copy, 'package.json'), '{ "type": "module" }');
    // A file, not -e: workers inherit the process's flags, and --input-type would stop them.
    const run = (touch: boolean) => {
      const file = join(copy, `check-${touch ? 'rebuilt' : 'same'}.mjs`);
      writeFileSync(file, script(touch));
      return spawnSync(process.execPath, [file], { cwd: pkg, encoding: 'utf8' });
    };
    const same = run(false);
    expect(same.stdout.trim(), same.stderr).toBe('threaded true');
    const rebuilt = run(true);
    expect(rebuilt.stdout.trim(), rebuilt.stderr).toBe('refused true');
  });
});
