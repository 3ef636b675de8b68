import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { sdkDtsPlugin } from './vite-plugin-sdk-dts.ts';

// Everything (Monaco, its workers, fonts) is bundled into web/dist: the gateway serves it, no CDN.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), sdkDtsPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  worker: { format: 'es' },
  server: {
    proxy: { '/api': process.env.STRATA_API ?? 'http://127.0.0.1:3000' },
  },
});
