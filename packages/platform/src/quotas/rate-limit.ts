import type { Redis } from 'ioredis';
import type { FastifyRequest } from 'fastify';
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import { TIER_LIMITS, isTier, type Tier, type TierLimits } from './tiers.ts';
import { leasedRedisStore } from './leased-redis-store.ts';

interface RateSubject { userId: string; tier: string }

export interface ApiRateLimitOptions {
  redis: Redis;
  prefix: string;
  limits?: Readonly<Record<Tier, Readonly<TierLimits>>>;
  /** Requests per minute for anonymous callers, keyed by IP. */
  anonymousPerMinute?: number;
  /** Share of a limit each instance leases from Redis per round trip (see leasedRedisStore); 0 = one round trip per request. */
  batchFraction?: number;
  /** Reads the authenticated principal; defaults to `request.principal`. */
  principalOf?: (request: FastifyRequest) => RateSubject | null | undefined;
}

/**
 * Options for @fastify/rate-limit that make the API rate a tier quota: keyed by user id when a principal is
 * present (so all of a user's API keys and sessions share one budget) and by IP otherwise, counted in Redis so
 * the limit holds across gateway instances (exact with one instance; see leasedRedisStore for the slack with
 * several). The principal must be resolved in an earlier onRequest hook.
 */
export function apiRateLimitOptions(options: ApiRateLimitOptions): RateLimitPluginOptions {
  const limits = options.limits ?? TIER_LIMITS;
  const anonymous = options.anonymousPerMinute ?? 60;
  const principalOf = options.principalOf ?? ((r: FastifyRequest) => (r as unknown as { principal?: RateSubject | null }).principal);
  return {
    global: true,
    // Counted in Redis, leased in batches: one Redis call per ~5 % of a caller's budget instead of per request.
    store: leasedRedisStore({ redis: options.redis, nameSpace: `${options.prefix}ratelimit:`, batchFraction: options.batchFraction }) as unknown as RateLimitPluginOptions['store'],
    timeWindow: 60_000,
    // Fail open on a Redis outage: availability of the API outweighs a minute of unlimited rate.
    skipOnError: true,
    keyGenerator: (request) => {
      const p = principalOf(request);
      return p ? `u:${p.userId}` : `ip:${request.ip}`;
    },
    max: (request) => {
      const p = principalOf(request);
      if (!p) return anonymous;
      return isTier(p.tier) ? limits[p.tier].apiRatePerMinute : anonymous;
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: { code: 'RATE_LIMITED', message: `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`, details: { limit: context.max, retryAfter: context.after } },
    }),
  };
}
