export { TIERS, TIER_LIMITS, isTier, type Tier, type TierLimits, type CounterQuota, type ConcurrentQuota } from './tiers.ts';
export { createQuotas, type Quotas, type QuotasOptions, type QuotaSubject, type QuotaUsage } from './quotas.ts';
export { apiRateLimitOptions, type ApiRateLimitOptions } from './rate-limit.ts';
export { leasedRedisStore, type LeasedStoreOptions } from './leased-redis-store.ts';
