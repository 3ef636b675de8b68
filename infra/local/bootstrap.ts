import { join, resolve } from 'node:path';
import { loadConfig, platformConfigSchema, type PlatformConfig } from '@strata/platform';
import { startEmbeddedPostgres, startEmbeddedRedis, type EmbeddedServer } from '@strata/platform/embedded';

/** Repository root: `.data/` and `web/dist/` are found relative to it, whatever the cwd. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** Parsed config whose DATABASE_URL and REDIS_URL are set (REDIS_URL is '' if not asked for), plus what we started for them. */
export interface Bootstrapped {
  config: PlatformConfig & { DATABASE_URL: string; REDIS_URL: string };
  embedded: { postgres?: EmbeddedServer; redis?: EmbeddedServer };
  /** Stops the embedded servers (no-op for external ones). */
  stopEmbedded(): Promise<void>;
}

/** The process's one config parse (throws ConfigError naming every bad variable). */
export function readConfig(env: Record<string, string | undefined> = process.env): PlatformConfig {
  return loadConfig(platformConfigSchema, env);
}

/**
 * Starts an embedded PostgreSQL for a missing DATABASE_URL and an embedded Redis for a missing
 * REDIS_URL (data under DATA_DIR, default `./.data`). With both URLs set nothing is started, so
 * the same build runs against real servers.
 */
export async function bootstrap(config: PlatformConfig, log: (line: string) => void = () => {}, need: { redis: boolean } = { redis: true }): Promise<Bootstrapped> {
  const dataDir = resolve(REPO_ROOT, config.DATA_DIR);
  const [postgres, redis] = await Promise.allSettled([
    config.DATABASE_URL ? undefined : startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: config.EMBEDDED_PG_PORT, onLog: log }),
    config.REDIS_URL || !need.redis ? undefined : startEmbeddedRedis({ dataDir: join(dataDir, 'redis'), port: config.EMBEDDED_REDIS_PORT, onLog: log }),
  ]);
  const started = [postgres, redis].flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  const stopEmbedded = async () => {
    await Promise.all(started.map((s) => s.stop()));
  };
  for (const result of [postgres, redis]) {
    if (result.status === 'rejected') {
      await stopEmbedded();
      throw result.reason;
    }
  }
  const pgServer = postgres.status === 'fulfilled' ? postgres.value : undefined;
  const redisServer = redis.status === 'fulfilled' ? redis.value : undefined;
  if (pgServer) log(`embedded PostgreSQL on ${pgServer.url.replace(/:[^:@/]+@/, ':***@')} (data in ${join(dataDir, 'postgres')})`);
  if (redisServer) log(`embedded Redis on ${redisServer.url} (data in ${join(dataDir, 'redis')})`);
  return {
    config: { ...config, DATABASE_URL: config.DATABASE_URL ?? pgServer!.url, REDIS_URL: config.REDIS_URL ?? redisServer?.url ?? '' },
    embedded: { postgres: pgServer, redis: redisServer },
    stopEmbedded,
  };
}
