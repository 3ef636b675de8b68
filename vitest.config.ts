import { defineConfig } from 'vitest/config';

// One vitest project per workspace; each keeps its own vitest.config.ts when it needs one.
export default defineConfig({
  test: {
    projects: ['packages/*', 'sandbox', 'services/*', 'web', 'infra'],
  },
});
