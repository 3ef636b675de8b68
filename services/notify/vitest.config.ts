import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@strata/svc-notify',
    include: ['src/**/*.test.ts'],
    globalSetup: ['../../packages/platform/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
