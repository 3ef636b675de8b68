// The package's public surface for other workspaces (e.g. the gateway locating the built assets).
import { fileURLToPath } from 'node:url';

/** Absolute path of the built web app (`npm run build -w web`), for @fastify/static. */
export const webDistDir = fileURLToPath(new URL('../dist/', import.meta.url));
