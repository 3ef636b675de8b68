import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@strata/svc-auth',
    include: ['src/**/*.test.ts'],
    // Each file builds its own gateway, database and SMTP/OIDC servers; scrypt is deliberately slow.
    globalSetup: ['../../packages/platform/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
