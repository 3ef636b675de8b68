import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@strata/svc-auth',
    include: ['src/**/*.test.ts'],
    // Each file builds its own gateway, database and SMTP/OIDC servers; scrypt is deliberately slow.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
