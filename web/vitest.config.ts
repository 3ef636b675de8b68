import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { sdkDtsPlugin } from './vite-plugin-sdk-dts.ts';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), sdkDtsPlugin()],
  test: {
    name: '@strata/web',
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.e2e.test.ts'],
    setupFiles: ['src/test-setup.ts'],
    globalSetup: ['../packages/platform/src/testing/global-setup.ts', './e2e/ensure-chromium.ts'],
    testTimeout: 20_000,
  },
});
