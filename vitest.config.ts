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
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
