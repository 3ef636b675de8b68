import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../testing/index.ts';
import { createQuotas, type Quotas } from './quotas.ts';
import { QuotaExceededError } from '../errors.ts';

let env: TestEnv;
let clock = Date.UTC(2026, 0, 5, 23, 59, 0);
let quotas: Quotas;
beforeAll(async () => {
  env = await createTestEnv();
  quotas = createQuotas(env.deps.redis, { prefix: `${env.keyPrefix}:`, leaseTtlMs: 60_000, now: () => clock });
});
afterAll(() => env?.close());

const free = (id: string) => ({ userId: id, tier: 'free' as const });

describe('quotas.consume (daily counters)', () => {
  it('allows up to the tier limit, consumes nothing on refusal, and resets the next UTC day', async () => {
    const s = free('u-consume');
    expect(await quotas.consume(s, 'backtestsPerDay', 15)).toEqual({ quota: 'backtestsPerDay', used: 15, limit: 20 });
    await expect(quotas.consume(s, 'backtestsPerDay', 6)).rejects.toBeInstanceOf(QuotaExceededError);
    expect((await quotas.consume(s, 'backtestsPerDay', 5)).used).toBe(20);
    const err = await quotas.consume(s, 'backtestsPerDay').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, code: 'QUOTA_EXCEEDED', details: { quota: 'backtestsPerDay', limit: 20 } });
    clock += 2 * 60_000; // past midnight UTC
    expect((await quotas.consume(s, 'backtestsPerDay')).used).toBe(1);
    clock -= 2 * 60_000;
  });

  it('is atomic under concurrency: exactly the limit succeeds', async () => {
    const s = free('u-race');
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => quotas.consume(s, 'backtestsPerDay')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
  });

  it('uses the tier of the subject and refuses bad amounts', async () => {
    expect((await quotas.consume({ userId: 'u-prem', tier: 'premium' }, 'backtestsPerDay', 400)).limit).toBe(500);
    await expect(quotas.consume(free('u-bad'), 'backtestsPerDay', 0)).rejects.toBeInstanceOf(RangeError);
  });
});

describe('quotas.acquire / release (concurrent leases)', () => {
  it('holds one concurrent backtest on free, idempotent per lease id, freed by release', async () => {
    const s = free('u-lease');
    expect((await quotas.acquire(s, 'concurrentBacktests', 'bt-1')).used).toBe(1);
    expect((await quotas.acquire(s, 'concurrentBacktests', 'bt-1')).used).toBe(1);
    await expect(quotas.acquire(s, 'concurrentBacktests', 'bt-2')).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    await quotas.release(s, 'concurrentBacktests', 'bt-1');
    expect((await quotas.acquire(s, 'concurrentBacktests', 'bt-2')).used).toBe(1);
    await quotas.release(s, 'concurrentBacktests', 'bt-2');
  });

  it('expires a lease a crashed holder never released', async () => {
    const s = free('u-crash');
    await quotas.acquire(s, 'liveStrategies', 'strat-1');
    await expect(quotas.acquire(s, 'liveStrategies', 'strat-2')).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    clock += 61_000;
    expect((await quotas.acquire(s, 'liveStrategies', 'strat-2')).used).toBe(1);
    const usage = await quotas.usage(s);
    expect(usage).toEqual(expect.arrayContaining([{ quota: 'liveStrategies', used: 1, limit: 1 }]));
  });
});
