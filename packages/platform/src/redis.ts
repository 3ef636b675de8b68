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
  return quiet(redis);
}

// Connection errors surface through /readyz and ioredis reconnects by itself; without a listener every
// failed attempt prints "Unhandled error event". Duplicates (BullMQ, pub/sub, stream readers) get the same.
function quiet(redis: Redis): Redis {
  redis.on('error', () => {});
  const duplicate = redis.duplicate.bind(redis);
  redis.duplicate = ((override?: Parameters<Redis['duplicate']>[0]) => quiet(duplicate(override))) as Redis['duplicate'];
  return redis;
}
