import { describe, expect, it } from 'vitest';
import { syntheticCandles } from '../../adapters/synthetic-candles.ts';
import type { CandleSource } from '../candles.ts';
import { barsId, TrialInputsCache, type BarsKey } from './trial-inputs.ts';

const key = (from: number): BarsKey => ({ dataSource: 'synthetic', venue: 'test', symbol: 'BTC/USDT', timeframe: '1m', from, to: from + 500 * 60_000 });

describe('TrialInputsCache', () => {
  it('loads each range once per process, keeps the two most recent, and retries a failed load', async () => {
    const loads: string[] = [];
    const counting: CandleSource = { ...syntheticCandles, load: (q) => (loads.push(String(q.from)), syntheticCandles.load(q)) };
    const cache = new TrialInputsCache(2);
    const a = key(0), b = key(60_000_000), c = key(120_000_000);
    const first = await cache.loadBars(() => counting, a);
    expect(await cache.loadBars(() => counting, a)).toBe(first); // the same arrays: same datasetKey contract
    await cache.loadBars(() => counting, b);
    await cache.loadBars(() => counting, a); // a is now the most recent
    await cache.loadBars(() => counting, c); // evicts b
    await cache.loadBars(() => counting, a);
    await cache.loadBars(() => counting, b);
    expect(loads).toEqual(['0', '60000000', '120000000', '60000000']);
    expect(barsId(a)).not.toBe(barsId(b));

    let fail = true;
    const flaky = () => (fail ? Promise.reject(new Error('db down')) : Promise.resolve('source'));
    await expect(cache.loadSource('s', 1, flaky)).rejects.toThrow('db down');
    fail = false;
    expect(await cache.loadSource('s', 1, flaky)).toBe('source');
  });
});
