import type { Redis } from 'ioredis';
import { TIER_LIMITS, type ConcurrentQuota, type CounterQuota, type Tier, type TierLimits } from './tiers.ts';
import { QuotaExceededError } from '../errors.ts';

/** The part of a Principal the quota check needs. */
export interface QuotaSubject { userId: string; tier: Tier }

export interface QuotaUsage { quota: string; used: number; limit: number }

/**
 * The one shared quota check. Every service calls it before doing quota-bound work:
 * - `consume(subject, 'backtestsPerDay', n)`: atomically adds n to today's counter, or throws QuotaExceededError
 *   (429, code QUOTA_EXCEEDED) and consumes nothing if it would pass the tier limit.
 * - `acquire(subject, 'concurrentBacktests', leaseId)`: takes one slot identified by leaseId (idempotent for the
 *   same id), or throws QuotaExceededError. Slots expire after leaseTtlMs unless renewed by acquiring the same id
 *   again, so a crashed worker cannot hold a slot forever. `release` frees it (no-op if already gone).
 * Counts live in Redis so the limit holds across every process.
 */
export interface Quotas {
  consume(subject: QuotaSubject, quota: CounterQuota, n?: number): Promise<QuotaUsage>;
  acquire(subject: QuotaSubject, quota: ConcurrentQuota, leaseId: string): Promise<QuotaUsage>;
  release(subject: QuotaSubject, quota: ConcurrentQuota, leaseId: string): Promise<void>;
  usage(subject: QuotaSubject): Promise<QuotaUsage[]>;
  limitsFor(tier: Tier): Readonly<TierLimits>;
}

export interface QuotasOptions {
  prefix: string;
  limits?: Readonly<Record<Tier, Readonly<TierLimits>>>;
  leaseTtlMs?: number;
  now?: () => number;
}

// Returns the new total, or -1 (nothing added) when it would exceed the limit.
const CONSUME_LUA = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local n = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
if limit >= 0 and cur + n > limit then return -1 end
local v = redis.call('INCRBY', KEYS[1], n)
if v == n then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return v`;

// Sorted set of lease ids scored by expiry time. Returns the count held, or -1 when full.
const ACQUIRE_LUA = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local limit = tonumber(ARGV[3])
if redis.call('ZSCORE', KEYS[1], ARGV[2]) == false and limit >= 0 and redis.call('ZCARD', KEYS[1]) >= limit then return -1 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return redis.call('ZCARD', KEYS[1])`;

const DAY_MS = 86_400_000;

export function createQuotas(redis: Redis, options: QuotasOptions): Quotas {
  const limits = options.limits ?? TIER_LIMITS;
  const leaseTtlMs = options.leaseTtlMs ?? 6 * 60 * 60 * 1000;
  const now = options.now ?? Date.now;
  const limitOf = (tier: Tier, quota: keyof TierLimits): number => {
    const l = limits[tier]?.[quota];
    if (l === undefined) throw new Error(`unknown tier "${tier}" or quota "${quota}"`);
    return l;
  };
  const luaLimit = (l: number): number => (Number.isFinite(l) ? l : -1);
  const dayKey = (s: QuotaSubject, q: CounterQuota, t: number) => `${options.prefix}quota:${s.userId}:${q}:${Math.floor(t / DAY_MS)}`;
  const leaseKey = (s: QuotaSubject, q: ConcurrentQuota) => `${options.prefix}quota:${s.userId}:${q}`;

  return {
    limitsFor: (tier) => limits[tier],
    async consume(subject, quota, n = 1) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`quota amount must be a positive integer, received ${n}`);
      const limit = limitOf(subject.tier, quota);
      const t = now();
      const ttl = DAY_MS - (t % DAY_MS) + 60_000;
      const used = Number(await redis.eval(CONSUME_LUA, 1, dayKey(subject, quota, t), n, luaLimit(limit), ttl));
      if (used < 0) throw new QuotaExceededError(quota, limit);
      return { quota, used, limit };
    },
    async acquire(subject, quota, leaseId) {
      const limit = limitOf(subject.tier, quota);
      const used = Number(await redis.eval(ACQUIRE_LUA, 1, leaseKey(subject, quota), now(), leaseId, luaLimit(limit), leaseTtlMs));
      if (used < 0) throw new QuotaExceededError(quota, limit);
      return { quota, used, limit };
    },
    async release(subject, quota, leaseId) {
      await redis.zrem(leaseKey(subject, quota), leaseId);
    },
    async usage(subject) {
      const t = now();
      const out: QuotaUsage[] = [];
      for (const q of ['backtestsPerDay', 'optimisationTrialsPerDay'] as const) {
        out.push({ quota: q, used: Number((await redis.get(dayKey(subject, q, t))) ?? 0), limit: limitOf(subject.tier, q) });
      }
      for (const q of ['concurrentBacktests', 'liveStrategies'] as const) {
        out.push({ quota: q, used: await redis.zcount(leaseKey(subject, q), t, '+inf'), limit: limitOf(subject.tier, q) });
      }
      return out;
    },
  };
}
