import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@strata/engine',
    include: ['src/**/*.test.ts'],
  },
});
