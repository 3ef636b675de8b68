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
  if (err instanceof Error && ['ConfigError', 'EmbeddedServerError', 'MigrationError'].includes(err.name)) return `strata: ${err.message}`;
  return `strata: start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
}

/** How this process takes part: everything, the HTTP API only, or queue workers only. */
export type ProcessRole = 'all' | 'api' | 'worker';

export interface ProcessOptions {
  /** STRATA_SERVICES=auth,data: the services this process runs (default: all). */
  services?: string[];
  /** STRATA_ROLE: all (default) | api | worker — scale HTTP and workers as separate processes. */
  role: ProcessRole;
  /** SEED_DEMO=true|false: demo data on first start; default on except with NODE_ENV=production. */
  seed: boolean;
}

/** Launcher settings beside the platform schema; throws one Error naming every bad variable. */
export function readProcessOptions(env: Record<string, string | undefined>): ProcessOptions {
  const problems: string[] = [];
  const role = (env.STRATA_ROLE || 'all') as ProcessRole;
  if (!['all', 'api', 'worker'].includes(role)) problems.push(`STRATA_ROLE: expected all, api or worker, received "${env.STRATA_ROLE}"`);
  const seedRaw = env.SEED_DEMO;
  if (seedRaw !== undefined && seedRaw !== '' && !['true', 'false'].includes(seedRaw)) problems.push(`SEED_DEMO: expected true or false, received "${seedRaw}"`);
  if (problems.length > 0) throw Object.assign(new Error(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`), { name: 'ConfigError' });
  const services = env.STRATA_SERVICES?.split(',').map((s) => s.trim()).filter(Boolean);
  return { services: services?.length ? services : undefined, role, seed: seedRaw ? seedRaw === 'true' : env.NODE_ENV !== 'production' };
}

/** Platform config and launcher options read together, so one message names every bad variable. */
export function readSettings(env: Record<string, string | undefined>): { config: PlatformConfig; options: ProcessOptions } {
  const failures: Error[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      failures.push(err as Error);
      return undefined;
    }
  };
  const config = attempt(() => readConfig(env));
  const options = attempt(() => readProcessOptions(env));
  if (failures.length === 0) return { config: config!, options: options! };
  if (failures.some((f) => f.name !== 'ConfigError')) throw failures.find((f) => f.name !== 'ConfigError');
  const lines = failures.flatMap((f) => f.message.split('\n').slice(1));
  throw Object.assign(new Error(`Invalid configuration:\n${lines.join('\n')}`), { name: 'ConfigError' });
}
