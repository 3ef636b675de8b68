import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: '@strata/strategy-sdk' },
});
