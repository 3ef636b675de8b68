import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { createPool } from '../db/pool.ts';
import { migrateService } from '../db/migrate.ts';
import { createRedis } from '../redis.ts';
import { createLogger } from '../logger.ts';
import { loadConfig, platformConfigSchema, type PlatformConfig } from '../config.ts';
import { EventBus } from '../bus.ts';
import { buildGateway } from '../http/gateway.ts';
import { signAccessToken } from '../auth/tokens.ts';
import type { Role, Tier } from '../auth/principal.ts';
import type { ServiceDeps, ServiceModule, ServiceWorkers } from '../service.ts';
import { discoverTestInfra } from './infra-urls.ts';

export interface TestEnv {
  deps: ServiceDeps;
  app: FastifyInstance;
  config: PlatformConfig;
  databaseUrl: string;
  redisUrl: string;
  keyPrefix: string;
  /** A valid access token for `Authorization: Bearer`, as the auth service would issue. */
  tokenFor(p: { userId: string; tier?: Tier; role?: Role; ttlSeconds?: number }): Promise<string>;
  /** Starts the modules' queue workers in this process; they are closed by `close()`. */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * A fresh database (every given module's migrations applied), its own Redis key prefix and a real
 * gateway, for one test file. Files run in parallel without seeing each other's data.
 */
export async function createTestEnv(opts: { modules?: ServiceModule[]; env?: Record<string, string>; webDist?: string } = {}): Promise<TestEnv> {
  const infra = await discoverTestInfra();
  if (!infra.databaseUrl || !infra.redisUrl) {
    throw new Error('No PostgreSQL/Redis for tests: set TEST_DATABASE_URL and TEST_REDIS_URL, or add packages/platform/src/testing/global-setup.ts as the vitest globalSetup.');
  }
  const id = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: infra.databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${id}`);
  await admin.end();
  const databaseUrl = withDatabase(infra.databaseUrl, id);

  const config = loadConfig(platformConfigSchema, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: infra.redisUrl,
    REDIS_PREFIX: id,
    ...opts.env,
  });
  const deps: ServiceDeps = {
    config,
    db: createPool(databaseUrl, 5),
    redis: createRedis(infra.redisUrl),
    log: createLogger(config.LOG_LEVEL, { test: id }),
    keyPrefix: id,
    bus: new EventBus(),
    principalResolvers: [],
  };
  const modules = opts.modules ?? [];
  for (const m of modules) await migrateService(deps.db, { name: m.name, dir: m.migrationsDir });
  const app = await buildGateway(deps, modules, { webDist: opts.webDist });
  await app.ready();
  const workers: ServiceWorkers[] = [];

  return {
    deps,
    app,
    config,
    databaseUrl,
    redisUrl: infra.redisUrl,
    keyPrefix: id,
    tokenFor: (p) => signAccessToken(config, { userId: p.userId, role: p.role ?? 'user', tier: p.tier ?? 'free' }, p.ttlSeconds),
    startWorkers: async () => {
      for (const m of modules) if (m.startWorkers) workers.push(await m.startWorkers(deps));
    },
    close: async () => {
      for (const w of workers) await w.close().catch(() => {});
      await app.close().catch(() => {});
      await deps.db.end().catch(() => {});
      await dropKeys(deps.redis, id).catch(() => {});
      deps.redis.disconnect();
      const a = new pg.Client({ connectionString: infra.databaseUrl! });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`).catch(() => {});
      await a.end();
    },
  };
}

async function dropKeys(redis: ServiceDeps['redis'], prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
