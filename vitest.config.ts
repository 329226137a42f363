import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Unit tests run against the sources; CLI end-to-end tests run the built bin.
    alias: {
      '@seqpipe/core': src('core'),
      '@seqpipe/kernels': src('kernels'),
      '@seqpipe/stages': src('stages'),
      '@seqpipe/tfjs': src('tfjs'),
      '@seqpipe/report': src('report'),
      '@seqpipe/queue': src('queue'),
      '@seqpipe/cli': src('cli'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    // The fused engine's WASM products everywhere, also where `npm run setup-native` built the native
    // ones: tests pin bits, keys and output shapes. The native ones' tests ask for them by name, and
    // CI runs the engine-parity and thread tests again with SEQPIPE_KERNELS=native.
    env: { SEQPIPE_KERNELS: process.env.SEQPIPE_KERNELS ?? 'wasm' },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
