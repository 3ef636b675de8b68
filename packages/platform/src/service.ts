import type { FastifyPluginAsync } from 'fastify';
import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { Logger } from './logger.ts';
import type { PlatformConfig } from './config.ts';
import type { ServiceName } from './db/migrate.ts';
import type { PrincipalResolver } from './auth/principal.ts';
import type { EventBus } from './bus.ts';

/** What every service plugin and worker receives; built once per process and passed down. */
export interface ServiceDeps {
  config: PlatformConfig;
  db: Pool;
  redis: Redis;
  log: Logger;
  /** Redis key prefix and BullMQ prefix for this deployment (tests get their own). Not `prefix`: fastify reserves that name. */
  keyPrefix: string;
  /** In-process bus for events between services composed into one process. */
  bus: EventBus;
  /** Extra credential resolvers (the auth service adds API keys); tried after JWTs. */
  principalResolvers: PrincipalResolver[];
}

export interface SeedResult {
  login?: { email: string; password: string };
  summary?: string;
}

export interface ServiceWorkers {
  close(): Promise<void>;
}

/** A service: its fastify plugin, its migrations, and optionally queue workers and demo seed data. */
export interface ServiceModule {
  name: ServiceName;
  /** Absolute path of the folder holding the service's SQL migrations. */
  migrationsDir: string;
  plugin: FastifyPluginAsync<ServiceDeps>;
  /** Called once before the gateway is built, e.g. to register principal resolvers. */
  init?(deps: ServiceDeps): Promise<void> | void;
  startWorkers?(deps: ServiceDeps): Promise<ServiceWorkers>;
  /** Runs once per database on first start; a returned login is printed for the newcomer. */
  seedDemo?(deps: ServiceDeps): Promise<SeedResult | void>;
}
