import type { Redis } from 'ioredis';

type IncrCallback = (err: Error | null, result?: { current: number; ttl: number }) => void;

interface Lease { base: number; granted: number; used: number; expiresAt: number }

// Adds `batch` to the window counter; returns the new total and the window's remaining ms.
const LEASE_LUA = `
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if v == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
return {v, ttl}`;

export interface LeasedStoreOptions {
  redis: Redis;
  nameSpace: string;
  /** Share of the limit one instance takes from Redis at a time (default 5 %, at most maxBatch). 0 = exact (one call per request). */
  batchFraction?: number;
  maxBatch?: number;
}

/**
 * A @fastify/rate-limit store that counts in Redis (so a limit holds across gateway instances) without a
 * Redis round trip per request: each instance leases a batch of the window's budget (INCRBY batch) and
 * spends it locally. One instance is exact; with k instances a caller may be refused up to
 * k x (batch - 1) requests early in a window (leased but unspent), never admitted beyond the limit.
 * Concurrent requests for a key wait for the one lease in flight.
 */
export function leasedRedisStore(options: LeasedStoreOptions) {
  const fraction = options.batchFraction ?? 0.05;
  const maxBatch = options.maxBatch ?? 100;

  return class LeasedRedisStore {
    private readonly ns: string;
    private readonly leases = new Map<string, Lease>();
    private readonly pending = new Map<string, Promise<Lease>>();

    constructor(_params?: unknown, ns = options.nameSpace) {
      this.ns = ns;
    }

    private lease(key: string, timeWindow: number, max: number): Promise<Lease> {
      let p = this.pending.get(key);
      if (p) return p;
      const batch = Math.max(1, Math.min(maxBatch, Math.floor(max * fraction)));
      p = (options.redis.eval(LEASE_LUA, 1, this.ns + key, batch, timeWindow) as Promise<[number, number]>)
        .then(([total, ttl]) => {
          const lease = { base: total - batch, granted: batch, used: 0, expiresAt: Date.now() + Number(ttl) };
          this.leases.set(key, lease);
          // Forget leases of idle keys so the map stays bounded by active callers.
          if (this.leases.size > 50_000) for (const [k, l] of this.leases) if (l.expiresAt <= Date.now()) this.leases.delete(k);
          return lease;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, p);
      return p;
    }

    incr(key: string, cb: IncrCallback, timeWindow: number, max: number): void {
      const now = Date.now();
      const l = this.leases.get(key);
      if (l && l.expiresAt > now && l.used < l.granted) {
        l.used++;
        cb(null, { current: l.base + l.used, ttl: l.expiresAt - now });
        return;
      }
      this.lease(key, timeWindow, max).then(
        () => this.incr(key, cb, timeWindow, max),
        (err: Error) => cb(err),
      );
    }

    child(routeOptions: { routeInfo: { method: string; url: string } }): LeasedRedisStore {
      return new LeasedRedisStore(undefined, `${this.ns}${routeOptions.routeInfo.method}${routeOptions.routeInfo.url}-`);
    }
  };
}
