import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEnv } from '@strata/platform/testing';
import { dataTestEnv } from '../test-support/data-test-env.ts';
import { generateSynthetic } from '../domain/synthetic.ts';
import { ensureSeries } from './catalog-repository.ts';
import { ingestCandles } from './candle-ingest.ts';
import { loadCandles } from './candle-query.ts';
import { countCandles } from './candle-count.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await dataTestEnv();
});
afterAll(() => env.close());

describe('countCandles', () => {
  it('counts exactly the bars loadCandles returns, stored or aggregated, with gaps', async () => {
    const key = { venue: 'countex', symbol: 'CNT/USD', timeframe: '1m' };
    const id = await ensureSeries(env.deps.db, key);
    const start = Date.UTC(2024, 0, 1, 0, 7);
    const bars = generateSynthetic({ seed: 3, start, timeframe: '1m', count: 600 });
    // a gap: drop 40 bars in the middle (two whole 15m buckets and part of a third)
    await ingestCandles(env.deps.db, id, bars);
    await env.deps.db.query(`DELETE FROM data.candles WHERE series_id = $1 AND ts >= $2 AND ts < $3`, [id, start + 200 * 60_000, start + 240 * 60_000]);
    const ranges = [
      { ...key, from: start, to: start + 600 * 60_000 },
      { ...key, from: start + 13 * 60_000, to: start + 377 * 60_000 },
      { ...key, timeframe: '15m', from: start, to: start + 600 * 60_000 },
      { ...key, timeframe: '1h', from: start + 61 * 60_000, to: start + 500 * 60_000 },
      { ...key, from: start - 10 * 60_000, to: start }, // before the first bar
    ];
    for (const r of ranges) expect(await countCandles(env.deps.db, r), JSON.stringify(r)).toBe((await loadCandles(env.deps.db, r)).time.length);
    expect(await countCandles(env.deps.db, ranges[0]!)).toBe(560);
    await expect(countCandles(env.deps.db, { ...key, symbol: 'NONE/USD', from: start, to: start + 60_000 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
