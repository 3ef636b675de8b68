import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { apiRateLimitOptions } from '../quotas/index.ts';
import type { ServiceDeps } from '../service.ts';

const UNLIMITED_PATHS = ['/healthz', '/readyz', '/metrics', '/docs'];

/** The API rate is a tier quota counted in Redis, so it holds across gateway instances. */
export async function installRateLimit(app: FastifyInstance, deps: ServiceDeps): Promise<void> {
  // Its own connection that fails fast: with the shared one (retries forever, for BullMQ) a Redis outage
  // would hang every request instead of letting the limiter fail open.
  const redis = deps.redis.duplicate({ maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => {});
  app.addHook('onClose', async () => {
    redis.disconnect();
  });
  const opts = apiRateLimitOptions({
    redis,
    prefix: `${deps.keyPrefix}:`,
    anonymousPerMinute: deps.config.RATE_LIMIT_ANON_PER_MINUTE,
  });
  await app.register(rateLimit, {
    ...opts,
    allowList: (request) => UNLIMITED_PATHS.some((p) => request.url === p || request.url.startsWith(`${p}/`)) || !request.url.startsWith('/api/'),
  });
}
