import { createLogger, createPool, createRedis, EventBus, migrateService, type PlatformConfig, type ServiceDeps, type ServiceModule } from '@strata/platform';
import { readConfig, type Bootstrapped } from './bootstrap.ts';

/** The one set of dependencies every service in this process shares (design principle 8). */
export function createDeps(config: Bootstrapped['config']): ServiceDeps {
  return {
    config,
    db: createPool(config.DATABASE_URL),
    redis: createRedis(config.REDIS_URL),
    log: createLogger(config.LOG_LEVEL),
    keyPrefix: config.REDIS_PREFIX,
    bus: new EventBus(),
    principalResolvers: [],
  };
}

/** Applies every service's migrations in order; a failure (MigrationError) stops here. */
export async function migrateAll(deps: Pick<ServiceDeps, 'db' | 'log'>, modules: ServiceModule[]): Promise<{ service: string; applied: string[] }[]> {
  const results: { service: string; applied: string[] }[] = [];
  for (const m of modules) {
    const applied = await migrateService(deps.db, { name: m.name, dir: m.migrationsDir });
    if (applied.length > 0) deps.log.info({ service: m.name, applied }, 'migrations applied');
    results.push({ service: m.name, applied });
  }
  return results;
}

/**
 * A line for the terminal, for errors we expect a user to fix: our own codes carry a message
 * written for them; anything else is our bug and keeps its stack.
 */
export function describeStartupError(err: unknown): string {
  const listen = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (listen?.code === 'EADDRINUSE' && listen.syscall === 'listen') {
    return `strata: the gateway cannot listen: port ${listen.port} on ${listen.address} is already in use; set PORT (and HOST) to a free one`;
  }
  if (err instanceof Error && ['ConfigError', 'EmbeddedServerError', 'MigrationError'].includes(err.name)) return `strata: ${err.message}`;
  return `strata: start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
}

/** How this process takes part: everything, the HTTP API only, or queue workers only. */
export type ProcessRole = PlatformConfig['STRATA_ROLE'];

export interface ProcessOptions {
  services?: string[];
  role: ProcessRole;
  seed: boolean;
}

/** Launcher options derived from the one platform config (design principle 8). */
export function processOptions(config: PlatformConfig): ProcessOptions {
  const seed = config.SEED_DEMO ? config.SEED_DEMO === 'true' : config.NODE_ENV !== 'production';
  return { services: config.STRATA_SERVICES, role: config.STRATA_ROLE, seed };
}

/** Platform config and launcher options, parsed once; a ConfigError names every bad variable. */
export function readSettings(env: Record<string, string | undefined>): { config: PlatformConfig; options: ProcessOptions } {
  const config = readConfig(env);
  return { config, options: processOptions(config) };
}
