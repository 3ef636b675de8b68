import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverTestInfra } from './infra-urls.ts';

interface Shared {
  users: number;
  stop: () => Promise<void>;
}

const KEY = Symbol.for('strata.test-infra');
type G = typeof globalThis & { [KEY]?: Promise<Shared> };

async function start(): Promise<Shared> {
  const found = await discoverTestInfra();
  const stops: (() => Promise<void>)[] = [];
  let dir: string | undefined;
  if (!found.databaseUrl || !found.redisUrl) {
    // Nothing local: run embedded servers for the whole test run, in a throwaway folder.
    const embedded = await import('../embedded/index.ts');
    dir = mkdtempSync(join(tmpdir(), 'strata-test-'));
    if (!found.databaseUrl) {
      const pg = await embedded.startEmbeddedPostgres({ dataDir: join(dir, 'postgres'), port: 0 });
      found.databaseUrl = pg.url;
      stops.push(() => pg.stop());
    }
    if (!found.redisUrl) {
      const redis = await embedded.startEmbeddedRedis({ dataDir: join(dir, 'redis'), port: 0 });
      found.redisUrl = redis.url;
      stops.push(() => redis.stop());
    }
  }
  process.env.TEST_DATABASE_URL = found.databaseUrl!;
  process.env.TEST_REDIS_URL = found.redisUrl!;
  return {
    users: 0,
    stop: async () => {
      for (const s of stops.reverse()) await s().catch(() => {});
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Vitest global setup shared by every project: all projects run in one main process, so the
 * infrastructure is found (or started) once and reference-counted.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const g = globalThis as G;
  g[KEY] ??= start();
  const shared = await g[KEY];
  shared.users++;
  return async () => {
    shared.users--;
    if (shared.users === 0) {
      delete g[KEY];
      await shared.stop();
    }
  };
}
