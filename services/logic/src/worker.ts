/**
 * Logic worker process: only consumes the logic queues (backtests, optimisations). Run several on
 * one Redis to share the work. SIGTERM/SIGINT finish the running job, then exit.
 *   npm exec -- node --initial-old-space-size=256 services/logic/src/worker.ts
 * The V8 flag (not settable from code, not allowed in NODE_OPTIONS) keeps the small heap of a
 * worker off V8's soft marking limit, where it ran a full GC every few optimisation trials
 * (docs/backtests.md "Worker processes").
 */
import { EventBus, createLogger, createPool, createRedis, loadConfig, platformConfigSchema, type ServiceDeps } from '@strata/platform';
import { logicConfigSchema } from './config.ts';
import { createLogicContext } from './context.ts';
import { startLogicWorkers } from './workers.ts';

const platform = loadConfig(platformConfigSchema);
const config = loadConfig(logicConfigSchema);
if (!platform.DATABASE_URL || !platform.REDIS_URL) throw new Error('DATABASE_URL and REDIS_URL are required for a logic worker');
const deps: ServiceDeps = {
  config: platform,
  db: createPool(platform.DATABASE_URL, 4),
  redis: createRedis(platform.REDIS_URL),
  log: createLogger(platform.LOG_LEVEL, { service: 'logic-worker' }),
  keyPrefix: platform.REDIS_PREFIX,
  bus: new EventBus(),
  principalResolvers: [],
};
const workers = await startLogicWorkers(createLogicContext(deps, config));
deps.log.info({ pid: process.pid }, 'logic worker started');
process.send?.({ type: 'ready', pid: process.pid });

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  deps.log.info({ signal }, 'logic worker stopping');
  await workers.close();
  await deps.db.end();
  deps.redis.disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
