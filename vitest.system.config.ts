import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * System tests: the built app (`node server.mjs`) as a real process on 127.0.0.1, driven over HTTP.
 * Run after `next build` (scripts/test-all.sh). One file at a time: each starts servers of its own
 * and two cores are not enough to run two of them side by side; every test is bounded in time.
 */
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['tests/system/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 90_000,
  },
});
