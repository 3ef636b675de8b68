import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@strata/svc-logic',
    include: ['src/**/*.test.ts'],
    // Each file builds its own gateway and database; job tests start real BullMQ workers and sandbox processes.
    globalSetup: ['../../packages/platform/src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
