import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../testing/index.ts';
import { leasedRedisStore } from './leased-redis-store.ts';

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(); });
afterAll(() => env?.close());

type Store = { incr(key: string, cb: (err: Error | null, r?: { current: number; ttl: number }) => void, window: number, max: number): void };
const incr = (s: Store, key: string, max: number) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) => s.incr(key, (err, r) => (err ? reject(err) : resolve(r!)), 60_000, max));

describe('leasedRedisStore', () => {
  it('is exact for one instance: admits exactly max requests per window, concurrently too', async () => {
    const Store = leasedRedisStore({ redis: env.deps.redis, nameSpace: `${env.keyPrefix}:rl1:` });
    const store = new Store() as unknown as Store;
    const results = await Promise.all(Array.from({ length: 130 }, () => incr(store, 'u1', 120)));
    expect(results.filter((r) => r.current <= 120)).toHaveLength(120);
    expect(new Set(results.map((r) => r.current)).size).toBe(130);
    // far fewer Redis round trips than requests: the counter moved in batches of 6
    expect(Number(await env.deps.redis.get(`${env.keyPrefix}:rl1:u1`)) % 6).toBe(0);
  });

  it('holds the limit across instances sharing Redis (never admits more than max in total)', async () => {
    const Store = leasedRedisStore({ redis: env.deps.redis, nameSpace: `${env.keyPrefix}:rl2:` });
    const a = new Store() as unknown as Store;
    const b = new Store() as unknown as Store;
    let admitted = 0;
    for (let i = 0; i < 150; i++) if ((await incr(i % 2 ? a : b, 'u2', 100)).current <= 100) admitted++;
    expect(admitted).toBeLessThanOrEqual(100);
    // slack is bounded by instances x (batch - 1) = 2 x 4
    expect(admitted).toBeGreaterThanOrEqual(100 - 8);
  });

  it('with batchFraction 0 makes one exact round trip per request', async () => {
    const Store = leasedRedisStore({ redis: env.deps.redis, nameSpace: `${env.keyPrefix}:rl3:`, batchFraction: 0 });
    const store = new Store() as unknown as Store;
    for (let i = 1; i <= 5; i++) expect((await incr(store, 'u3', 1000)).current).toBe(i);
    expect(await env.deps.redis.get(`${env.keyPrefix}:rl3:u3`)).toBe('5');
  });
});
