import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import type { Redis } from 'ioredis';

async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `/healthz`: the process is alive. `/readyz`: PostgreSQL and Redis answer; 503 names what is down. */
export function installHealth(app: FastifyInstance, deps: { db: Pool; redis: Redis }): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const checks = await Promise.allSettled([
      within(1_500, deps.db.query('SELECT 1')),
      deps.redis.status === 'ready' ? within(1_500, deps.redis.ping()) : Promise.reject(new Error(`connection ${deps.redis.status}`)),
    ]);
    const down: Record<string, string> = {};
    if (checks[0].status === 'rejected') down.postgres = String((checks[0].reason as Error)?.message ?? checks[0].reason);
    if (checks[1].status === 'rejected') down.redis = String((checks[1].reason as Error)?.message ?? checks[1].reason);
    const names = Object.keys(down);
    if (names.length > 0) {
      return reply.status(503).send({ status: 'unavailable', down: names, reasons: down, message: `Not ready: ${names.join(' and ')} unreachable.` });
    }
    return { status: 'ready', postgres: 'ok', redis: 'ok' };
  });
}
