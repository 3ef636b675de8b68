import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { apiRateLimitOptions } from '../quotas/index.ts';
import type { ServiceDeps } from '../service.ts';

const UNLIMITED_PATHS = ['/healthz', '/readyz', '/metrics', '/docs'];

/** The API rate is a tier quota counted in Redis, so it holds across gateway instances. */
export async function installRateLimit(app: FastifyInstance, deps: ServiceDeps): Promise<void> {
  const opts = apiRateLimitOptions({
    redis: deps.redis,
    prefix: `${deps.keyPrefix}:`,
    anonymousPerMinute: deps.config.RATE_LIMIT_ANON_PER_MINUTE,
  });
  await app.register(rateLimit, {
    ...opts,
    allowList: (request) => UNLIMITED_PATHS.some((p) => request.url === p || request.url.startsWith(`${p}/`)) || !request.url.startsWith('/api/'),
  });
}
