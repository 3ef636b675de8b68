import { Redis } from 'ioredis';

export type { Redis };

/**
 * BullMQ needs `maxRetriesPerRequest: null` on the connections its workers block on; the same
 * settings serve plain commands well, and a lost connection is retried with backoff.
 */
export function createRedis(url: string, opts: { lazyConnect?: boolean } = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: opts.lazyConnect ?? false,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  redis.on('error', () => {});
  return redis;
}
