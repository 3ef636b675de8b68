import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Exchange } from 'ccxt';
import type { TestEnv } from '@strata/platform/testing';
import { dataTestEnv } from '../test-support/data-test-env.ts';
import { FakeExchange } from '../fake-exchange/fake-exchange.ts';
import { createCcxtClient } from '../adapters/ccxt-client.ts';
import { ensureSeries } from '../adapters/catalog-repository.ts';
import { loadCandles } from '../adapters/candle-query.ts';
import { columnsToCandles } from '../domain/candle.ts';
import { runBackfill, type BackfillProgress } from './backfill-runner.ts';

const START = Date.UTC(2024, 0, 31, 20); // crosses into February: two partitions
const HISTORY = 600;
const M = 60_000;

let env: TestEnv;
let fx: FakeExchange;
let ex: Exchange;
let n = 0;

beforeAll(async () => {
  env = await dataTestEnv();
  // the server refuses more than 20 requests per second with HTTP 429
  fx = await new FakeExchange({ start: START, historyBars: HISTORY, maxRequestsPerSecond: 20 }).start();
});
afterAll(async () => {
  await fx.close();
  await env.close();
});
beforeEach(async () => {
  await ex?.close();
  ex = createCcxtClient({ exchangeId: 'binance', urls: fx.ccxtUrls(), rateLimit: 10 });
  fx.requests.length = 0;
});

async function newSeries(): Promise<number> {
  return ensureSeries(env.deps.db, { venue: 'binance', symbol: `T${++n}/USDT`, timeframe: '1m' });
}

async function stored(symbol: string) {
  return columnsToCandles(await loadCandles(env.deps.db, { venue: 'binance', symbol, timeframe: '1m', from: 0, to: Date.UTC(2030, 0, 1) }));
}

function expectedBars(from: number, count: number) {
  const tape = fx.tapes.get('BTCUSDT')!;
  const i = (from - START) / M;
  return tape.bars.slice(i, i + count);
}

describe('backfill through real ccxt against the fake exchange', () => {
  it('pages within the rate limit and stores every closed bar once', async () => {
    const seriesId = await newSeries();
    const progress: BackfillProgress[] = [];
    // ccxt's binance model charges spot klines 0.4 cost units; at 150 ms per unit that is one request per
    // 60 ms, about 17 per second
    await ex.close();
    ex = createCcxtClient({ exchangeId: 'binance', urls: fx.ccxtUrls(), rateLimit: 150 });
    const p = await runBackfill(env.deps.db, ex, {
      seriesId, symbol: 'BTC/USDT', timeframe: '1m', from: START, to: Date.UTC(2030, 0, 1), pageLimit: 20,
      onProgress: (x) => void progress.push(x),
    });
    // the forming bar (index HISTORY) is not stored
    expect(p.inserted).toBe(HISTORY);
    expect(p.pages).toBe(30);
    expect(progress.at(-1)!.fraction).toBe(1);
    expect(progress.map((x) => x.fraction)).toEqual([...progress.map((x) => x.fraction)].sort((a, b) => a - b));
    const rows = await stored(`T${n}/USDT`);
    expect(rows).toEqual(expectedBars(START, HISTORY).map((b) => ({ ...b })));
    // ccxt's leaky bucket (60 ms per request, burst 1) kept us under the server's 20/s: no 429 at all
    const klines = fx.requests.filter((r) => r.path.endsWith('/klines'));
    expect(klines).toHaveLength(30);
    expect(fx.requests.every((r) => r.status === 200)).toBe(true);
    expect(klines.at(-1)!.at - klines[0]!.at).toBeGreaterThanOrEqual(29 * 50);
  });

  it('without client-side throttling the same backfill trips the server limit (the limit is real)', async () => {
    const fast = createCcxtClient({ exchangeId: 'binance', urls: fx.ccxtUrls() });
    fast.enableRateLimit = false;
    try {
      await fast.loadMarkets();
      const results = await Promise.allSettled(Array.from({ length: 30 }, () => fast.fetchOHLCV('BTC/USDT', '1m', START, 5)));
      expect(results.some((r) => r.status === 'rejected')).toBe(true);
      expect(fx.requests.some((r) => r.status === 429)).toBe(true);
    } finally {
      await fast.close();
    }
    await new Promise((r) => setTimeout(r, 1000)); // let the server window empty
  });

  it('retries transient errors and garbled answers within a page', async () => {
    const seriesId = await newSeries();
    fx.inject({ kind: 'status', status: 500, path: '/klines' }, { kind: 'malformed', path: '/klines' }, { kind: 'reset', path: '/klines' });
    const p = await runBackfill(env.deps.db, ex, {
      seriesId, symbol: 'BTC/USDT', timeframe: '1m', from: START, to: START + 250 * M, pageLimit: 100, retryBaseMs: 10,
    });
    expect(p.inserted).toBe(250);
    expect(await stored(`T${n}/USDT`)).toEqual(expectedBars(START, 250));
  });

  it('fails after repeated errors mid-backfill and a rerun resumes from the cursor with no gaps or duplicates', async () => {
    const seriesId = await newSeries();
    let pages = 0;
    const first = runBackfill(env.deps.db, ex, {
      seriesId, symbol: 'BTC/USDT', timeframe: '1m', from: START, to: START + 500 * M, pageLimit: 100, attempts: 3, retryBaseMs: 5,
      onProgress: () => {
        // after two stored pages the exchange starts failing every request
        if (++pages === 3) fx.inject(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 503, path: '/klines' })));
      },
    });
    await expect(first).rejects.toMatchObject({ code: 'EXCHANGE_UNAVAILABLE', kind: 'operational' });
    const cursor = await env.deps.db.query('SELECT next_ts::float8 AS t FROM data.backfill_cursors WHERE series_id = $1', [seriesId]);
    expect(cursor.rows[0].t).toBe(START + 200 * M);
    expect((await stored(`T${n}/USDT`)).length).toBe(200);

    fx.requests.length = 0;
    const second = await runBackfill(env.deps.db, ex, {
      seriesId, symbol: 'BTC/USDT', timeframe: '1m', from: START, to: START + 500 * M, pageLimit: 100,
    });
    expect(second.inserted).toBe(300);
    // resumed at the cursor: the first request asked for bar 200 onwards
    const firstKline = fx.requests.find((r) => r.path.endsWith('/klines'))!;
    expect(new URLSearchParams(firstKline.query).get('startTime')).toBe(String(START + 200 * M));
    expect(await stored(`T${n}/USDT`)).toEqual(expectedBars(START, 500));
  });

  it('a later backfill of an earlier range does not resume at a cursor that starts after it', async () => {
    const seriesId = await newSeries();
    await runBackfill(env.deps.db, ex, { seriesId, symbol: 'BTC/USDT', timeframe: '1m', from: START + 100 * M, to: START + 200 * M, pageLimit: 100 });
    const earlier = await runBackfill(env.deps.db, ex, { seriesId, symbol: 'BTC/USDT', timeframe: '1m', from: START, to: START + 300 * M, pageLimit: 100 });
    expect(earlier.inserted).toBe(200);
    expect(await stored(`T${n}/USDT`)).toEqual(expectedBars(START, 300));
  });

  it('a process killed between pages resumes exactly after the last committed page', async () => {
    const seriesId = await newSeries();
    let pages = 0;
    await expect(
      runBackfill(env.deps.db, ex, {
        seriesId, symbol: 'BTC/USDT', timeframe: '1m', from: START, to: START + 350 * M, pageLimit: 100,
        onProgress: () => {
          if (++pages === 3) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const again = await runBackfill(env.deps.db, ex, { seriesId, symbol: 'BTC/USDT', timeframe: '1m', from: START, to: START + 350 * M, pageLimit: 100 });
    expect(again.inserted).toBe(150);
    expect(again.pages).toBe(2);
    expect(await stored(`T${n}/USDT`)).toEqual(expectedBars(START, 350));
  });
});
