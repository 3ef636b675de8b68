import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@strata/sandbox',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // each file starts its own small pool of worker processes; keep files sequential on 2 cores
    fileParallelism: false,
  },
});
