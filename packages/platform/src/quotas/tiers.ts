/**
 * Tier limits: the single table every service consults. `Infinity` means unlimited.
 * Counters (`*PerDay`) reset at 00:00 UTC; concurrent limits are leases; apiRatePerMinute feeds the rate limiter.
 */
export const TIERS = ['free', 'premium', 'enterprise'] as const;
export type Tier = (typeof TIERS)[number];

export interface TierLimits {
  backtestsPerDay: number;
  optimisationTrialsPerDay: number;
  concurrentBacktests: number;
  liveStrategies: number;
  apiRatePerMinute: number;
}

export const TIER_LIMITS: Readonly<Record<Tier, Readonly<TierLimits>>> = {
  free: { backtestsPerDay: 20, optimisationTrialsPerDay: 200, concurrentBacktests: 1, liveStrategies: 1, apiRatePerMinute: 120 },
  premium: { backtestsPerDay: 500, optimisationTrialsPerDay: 20_000, concurrentBacktests: 4, liveStrategies: 10, apiRatePerMinute: 1_200 },
  enterprise: { backtestsPerDay: 10_000, optimisationTrialsPerDay: 500_000, concurrentBacktests: 16, liveStrategies: 100, apiRatePerMinute: 12_000 },
};

/** Quotas consumed from a daily counter. */
export type CounterQuota = 'backtestsPerDay' | 'optimisationTrialsPerDay';
/** Quotas held as leases while something runs. */
export type ConcurrentQuota = 'concurrentBacktests' | 'liveStrategies';

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}
