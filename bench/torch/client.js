/**
 * The Node side of bench/torch: whether the venv is provisioned, and a long-lived steps.py --serve
 * worker (one JSON line per request) so a benchmark can alternate seqpipe and PyTorch case by case.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const here = import.meta.dirname;
export const TORCH_PY = join(here, '.venv/bin/python');
export const torchProvisioned = () => existsSync(TORCH_PY);
export const TORCH_MISSING = 'torch: no bench/torch/.venv (run bash bench/torch/setup.sh: PyTorch from PyPI, ≈5.4 GB)';

/** Starts steps.py --serve; resolves with { info, measure(request), close() }. */
export async function startTorch() {
  const child = spawn(TORCH_PY, [join(here, 'steps.py'), '--serve'], { cwd: here, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.resolve(JSON.parse(line)));
  child.on('exit', (code) => { for (const w of waiting.splice(0)) w.reject(new Error(`bench/torch/steps.py exited ${code}`)); });
  const next = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  const info = await next();
  return {
    info,
    measure(request) {
      const reply = next();
      child.stdin.write(`${JSON.stringify(request)}\n`);
      return reply;
    },
    close() { child.stdin.end(); },
  };
}
