import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ccxt, { type Exchange } from 'ccxt';
import { FakeExchange } from './fake-exchange.ts';
import { createCcxtClient } from '../adapters/ccxt-client.ts';
import { aggregateCandles } from '../domain/aggregate.ts';
import { mapExchangeError } from '../adapters/exchange-errors.ts';

const START = Date.UTC(2024, 0, 1);
let fx: FakeExchange;
let ex: Exchange;

beforeAll(async () => {
  fx = await new FakeExchange({ start: START, historyBars: 1500, apiKey: 'key-1', secret: 'secret-1' }).start();
  ex = createCcxtClient({ exchangeId: 'binance', urls: fx.ccxtUrls(), apiKey: 'key-1', secret: 'secret-1', rateLimit: 5 });
  await ex.loadMarkets();
});
afterAll(async () => {
  await ex.close();
  await fx.close();
});

describe('fake exchange through real ccxt binance', () => {
  it('loads markets with the exchange rules from exchangeInfo, in one request', () => {
    expect(Object.keys(ex.markets!).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
    const m = ex.markets!['BTC/USDT']!;
    expect(m.precision).toMatchObject({ price: 0.01, amount: 0.00001 });
    expect(m.limits.cost?.min).toBe(5);
    expect(fx.requests.filter((r) => r.path.includes('exchangeInfo'))).toHaveLength(1);
    expect(fx.requests.some((r) => r.path.includes('sapi') || r.path.includes('fapi'))).toBe(false);
  });

  it('serves klines from the seeded tape, aggregated for higher intervals', async () => {
    const tape = fx.tapes.get('BTCUSDT')!;
    const rows = await ex.fetchOHLCV('BTC/USDT', '1m', START + 10 * 60_000, 20);
    expect(rows).toHaveLength(20);
    expect(rows.map((r) => [r[0], r[1], r[2], r[3], r[4], r[5]])).toEqual(
      tape.bars.slice(10, 30).map((b) => [b.ts, b.open, b.high, b.low, b.close, b.volume]),
    );
    const hours = await ex.fetchOHLCV('BTC/USDT', '1h', START, 5);
    const expected = aggregateCandles(tape.bars.slice(0, 300), '1m', '1h');
    expect(hours.map((r) => r[4])).toEqual(expected.map((b) => b.close));
    expect(hours.map((r) => r[2])).toEqual(expected.map((b) => b.high));
  });

  it('includes the forming bar last, and its server time lies inside it', async () => {
    const now = await ex.fetchTime();
    const rows = await ex.fetchOHLCV('BTC/USDT', '1m', START + 1495 * 60_000, 100);
    expect(rows.map((r) => r[0])).toEqual([0, 1, 2, 3, 4, 5].map((i) => START + (1495 + i) * 60_000));
    expect(now).toBeGreaterThanOrEqual(START + 1500 * 60_000);
    expect(now).toBeLessThan(START + 1501 * 60_000);
  });

  it('places, fills and cancels orders and reports balances (signed requests)', async () => {
    const before = (await ex.fetchBalance()).total as unknown as Record<string, number>;
    const mkt = await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01);
    expect(mkt.status).toBe('closed');
    expect(mkt.filled).toBe(0.01);
    const after = (await ex.fetchBalance()).total as unknown as Record<string, number>;
    expect(after.BTC).toBeCloseTo(before.BTC! + 0.01, 8);
    expect(after.USDT).toBeLessThan(before.USDT! - 0.01 * mkt.average! + 1e-9);

    const price = fx.tapes.get('BTCUSDT')!.bars[fx.tapes.get('BTCUSDT')!.closedCount]!.open * 0.5;
    const lim = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, Math.round(price * 100) / 100);
    expect(lim.status).toBe('open');
    const id = String(lim.id);
    expect((await ex.fetchOpenOrders('BTC/USDT')).map((o) => o.id)).toContain(id);
    expect((await ex.cancelOrder(id, 'BTC/USDT')).status).toBe('canceled');
    expect((await ex.fetchOrder(id, 'BTC/USDT')).status).toBe('canceled');
    await expect(ex.cancelOrder(id, 'BTC/USDT')).rejects.toBeInstanceOf(ccxt.OrderNotFound);
  });

  it('rejects a request signed with the wrong secret', async () => {
    const bad = createCcxtClient({ exchangeId: 'binance', urls: fx.ccxtUrls(), apiKey: 'key-1', secret: 'wrong' });
    try {
      await bad.loadMarkets();
      await expect(bad.fetchBalance()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
    } finally {
      await bad.close();
    }
  });

  it('returns injected failures, which map to our operational error codes', async () => {
    const tries: [Parameters<FakeExchange['inject']>[0], string][] = [
      [{ kind: 'status', status: 429, path: '/klines' }, 'EXCHANGE_RATE_LIMITED'],
      [{ kind: 'status', status: 418, path: '/klines' }, 'EXCHANGE_RATE_LIMITED'],
      [{ kind: 'status', status: 500, path: '/klines' }, 'EXCHANGE_UNAVAILABLE'],
      [{ kind: 'reset', path: '/klines' }, 'EXCHANGE_UNAVAILABLE'],
    ];
    for (const [fault, code] of tries) {
      fx.inject(fault);
      const err = await ex.fetchOHLCV('BTC/USDT', '1m', START, 5).then(() => null, (e: unknown) => mapExchangeError(e));
      expect(err?.code).toBe(code);
      expect(err?.kind).toBe('operational');
    }
  });

  it('streams klines and trades over the websocket, closing bars with x=true', async () => {
    const tape = fx.tapes.get('BTCUSDT')!;
    const closing = tape.bars[tape.closedCount]!;
    const watch = ex.watchOHLCV('BTC/USDT', '1m');
    await new Promise((r) => setTimeout(r, 100));
    fx.advance(1);
    const rows = await watch;
    expect(rows.length).toBeGreaterThan(0);
    const trades = ex.watchTrades('BTC/USDT');
    await new Promise((r) => setTimeout(r, 100));
    fx.advance(1);
    expect((await trades).length).toBeGreaterThan(0);
    // after two advances the bar that was forming has closed with its final values
    const latest = await ex.fetchOHLCV('BTC/USDT', '1m', closing.ts, 1);
    expect(latest[0]).toEqual([closing.ts, closing.open, closing.high, closing.low, closing.close, closing.volume]);
  });
});
