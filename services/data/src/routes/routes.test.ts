import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '@strata/platform/testing';
import { createDataModule } from '../index.ts';
import { FakeExchange } from '../fake-exchange/fake-exchange.ts';
import { generateSynthetic } from '../domain/synthetic.ts';
import { decodeColumns } from '../domain/columnar.ts';
import { aggregateCandles } from '../domain/aggregate.ts';
import { dataConfigSchema } from '../config.ts';
import { ccxtExchangeFactory } from '../adapters/exchange-factory.ts';
import { publishBar, streamKey } from '../adapters/bar-stream.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2023, 0, 2);
let env: TestEnv;
let fx: FakeExchange;
let admin: Record<string, string>;
let user: Record<string, string>;

function csvOf(bars: ReturnType<typeof generateSynthetic>): string {
  return ['date,open,high,low,close,volume', ...bars.map((b) => `${new Date(b.ts).toISOString().slice(0, 10)},${b.open},${b.high},${b.low},${b.close},${b.volume}`)].join('\n');
}

beforeAll(async () => {
  fx = await new FakeExchange({ start: Date.UTC(2024, 0, 1), historyBars: 400 }).start();
  const config = dataConfigSchema.parse({ DATA_FAKE_EXCHANGE_URL: fx.baseUrl, DATA_LIVE_SERIES: 'binance:ETH/USDT:1m' });
  env = await createTestEnv({ modules: [createDataModule({ config, exchanges: ccxtExchangeFactory({ fakeUrl: fx.baseUrl, rateLimit: 5 }) })] });
  await env.startWorkers();
  admin = { authorization: `Bearer ${await env.tokenFor({ userId: 'admin-1', role: 'admin' })}` };
  user = { authorization: `Bearer ${await env.tokenFor({ userId: 'user-1' })}` };
});
afterAll(async () => {
  await env.close();
  await fx.close();
});

describe('data API', () => {
  const daily = generateSynthetic({ seed: 8, start: T0, timeframe: '1d', count: 30, startPrice: 50 });

  it('imports a clean CSV (admin only) and serves it back as JSON and as columnar binary', async () => {
    const q = 'venue=demo&symbol=SYN/USD&timeframe=1d&filename=syn.csv';
    const denied = await env.app.inject({ method: 'POST', url: `/api/v1/data/imports?${q}`, headers: { ...user, 'content-type': 'text/csv' }, payload: csvOf(daily) });
    expect(denied.statusCode).toBe(403);
    const res = await env.app.inject({ method: 'POST', url: `/api/v1/data/imports?${q}`, headers: { ...admin, 'content-type': 'text/csv' }, payload: csvOf(daily) });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ rows: 30, inserted: 30, skippedExisting: 0 });

    const range = `venue=demo&symbol=SYN/USD&timeframe=1d&from=${T0}&to=${T0 + 30 * DAY}`;
    const json = await env.app.inject({ url: `/api/v1/data/candles?${range}`, headers: user });
    expect(json.statusCode).toBe(200);
    expect(json.json().bars).toEqual(daily.map((b) => [b.ts, b.open, b.high, b.low, b.close, b.volume]));

    const bin = await env.app.inject({ url: `/api/v1/data/candles?${range}&format=columnar`, headers: user });
    expect(bin.headers['content-type']).toBe('application/octet-stream');
    const cols = decodeColumns(bin.rawPayload);
    expect(Array.from(cols.close)).toEqual(daily.map((b) => b.close));

    const weekly = await env.app.inject({ url: `/api/v1/data/candles?venue=demo&symbol=SYN/USD&timeframe=1w&from=${T0}&to=${T0 + 28 * DAY}`, headers: user });
    expect(weekly.json().aggregated).toBe(true);
    expect(weekly.json().bars.map((b: number[]) => b[4])).toEqual(aggregateCandles(daily.slice(0, 28), '1d', '1w').map((b) => b.close));

    const cat = await env.app.inject({ url: '/api/v1/data/catalog?venue=demo', headers: user });
    expect(cat.json().series).toEqual([expect.objectContaining({ symbol: 'SYN/USD', timeframe: '1d', source: 'csv', bars: 30 })]);
    expect((await env.app.inject({ url: '/api/v1/data/catalog' })).statusCode).toBe(401);
  });

  it('rejects a broken CSV whole, naming each bad line, and keeps nothing of it', async () => {
    const good = generateSynthetic({ seed: 9, start: T0, timeframe: '1d', count: 5 });
    const lines = csvOf(good).split('\n');
    lines[3] = lines[3]!.replace(/,[^,]+$/, ',-1'); // negative volume on line 4
    lines.push(lines[2]!); // duplicate of line 3, as line 7
    const res = await env.app.inject({
      method: 'POST', url: '/api/v1/data/imports?venue=demo&symbol=BAD/USD&timeframe=1d',
      headers: { ...admin, 'content-type': 'text/csv' }, payload: lines.join('\n'),
    });
    expect(res.statusCode).toBe(400);
    const body = res.json().error;
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([[4, 'NEGATIVE_VOLUME'], [7, 'DUPLICATE_TIMESTAMP']]);
    const cat = await env.app.inject({ url: '/api/v1/data/catalog?venue=demo&symbol=BAD/USD', headers: user });
    expect(cat.json().series).toEqual([]);
  });

  it('reports quality of a stored series and of an uploaded file', async () => {
    const stored = await env.app.inject({ url: `/api/v1/data/quality?venue=demo&symbol=SYN/USD&timeframe=1d&from=${T0}&to=${T0 + 30 * DAY}`, headers: user });
    expect(stored.json().report).toMatchObject({ bars: 30, gaps: [], fillPolicy: 'none', coverage: 1 });
    const holed = csvOf(daily.filter((_, i) => i !== 10));
    const file = await env.app.inject({ method: 'POST', url: '/api/v1/data/quality/csv?timeframe=1d', headers: { ...user, 'content-type': 'text/csv' }, payload: holed });
    expect(file.json()).toMatchObject({ errorCount: 0, report: { gaps: [{ from: daily[10]!.ts, to: daily[10]!.ts, missingBars: 1 }] } });
  });

  it('runs a backfill job against the fake exchange and shows its progress', async () => {
    const from = Date.UTC(2024, 0, 1);
    const res = await env.app.inject({
      method: 'POST', url: '/api/v1/data/backfills', headers: admin,
      payload: { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1m', from, to: from + 300 * 60_000 },
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    let view = res.json();
    for (let i = 0; i < 200 && view.status !== 'completed' && view.status !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = (await env.app.inject({ url: `/api/v1/data/backfills/${id}`, headers: user })).json();
    }
    expect(view).toMatchObject({ status: 'completed', inserted: 300, progress: 1, cursorTs: from + 300 * 60_000 });
    const candles = await env.app.inject({ url: `/api/v1/data/candles?venue=binance&symbol=BTC/USDT&timeframe=1h&from=${from}&to=${from + 5 * 3_600_000}`, headers: user });
    expect(candles.json().bars.map((b: number[]) => b[4])).toEqual(
      aggregateCandles(fx.tapes.get('BTCUSDT')!.bars.slice(0, 300), '1m', '1h').map((b) => b.close),
    );
    expect((await env.app.inject({ url: '/api/v1/data/backfills/00000000-0000-0000-0000-000000000000', headers: user })).statusCode).toBe(404);
    // the instrument's rules came from the exchange's markets
    const cat = await env.app.inject({ url: '/api/v1/data/catalog?venue=binance&symbol=BTC/USDT', headers: user });
    expect(cat.json().series).toEqual([expect.objectContaining({ symbol: 'BTC/USDT', tickSize: 0.01, lotSize: 0.00001, minNotional: 5, bars: 300 })]);
  });

  it('pushes closed bars to a WebSocket subscriber', async () => {
    const ws = await env.app.injectWS('/api/v1/data/stream?venue=demo&symbol=SYN/USD&timeframe=1d', { headers: user });
    const messages: { type: string; bar?: { ts: number } }[] = [];
    ws.on('message', (m) => messages.push(JSON.parse(String(m))));
    await new Promise((r) => setTimeout(r, 200));
    const bar = { ts: T0 + 40 * DAY, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 };
    await publishBar(env.deps.redis, streamKey(env.keyPrefix, 'data.bars.demo.SYN/USD.1d'), bar);
    for (let i = 0; i < 100 && !messages.some((m) => m.type === 'bar'); i++) await new Promise((r) => setTimeout(r, 20));
    ws.terminate();
    // (the 'subscribed' greeting may arrive before our listener is attached)
    expect(messages.filter((m) => m.type === 'bar')).toEqual([{ type: 'bar', topic: 'data.bars.demo.SYN/USD.1d', bar }]);
  });

  it('accepts the access token as a query parameter on the WebSocket (browsers cannot set headers)', async () => {
    const token = user.authorization!.slice('Bearer '.length);
    const ws = await env.app.injectWS(`/api/v1/data/stream?venue=demo&symbol=SYN/USD&timeframe=1d&token=${token}`);
    const got: { type: string }[] = [];
    ws.on('message', (m) => got.push(JSON.parse(String(m))));
    await new Promise((r) => setTimeout(r, 200));
    await publishBar(env.deps.redis, streamKey(env.keyPrefix, 'data.bars.demo.SYN/USD.1d'), { ts: T0 + 41 * DAY, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 });
    for (let i = 0; i < 100 && !got.some((m) => m.type === 'bar'); i++) await new Promise((r) => setTimeout(r, 20));
    ws.terminate();
    expect(got.some((m) => m.type === 'bar')).toBe(true);
    await expect(env.app.injectWS('/api/v1/data/stream?venue=demo&symbol=SYN/USD&timeframe=1d&token=not-a-jwt')).rejects.toThrow();
  });

  it('the worker follows DATA_LIVE_SERIES: closed bars reach the topic and the store', async () => {
    const tape = fx.tapes.get('ETHUSDT')!;
    for (let i = 0; i < 200 && fx.subscribers('ethusdt@kline_1m') < 1; i++) await new Promise((r) => setTimeout(r, 25));
    const first = tape.closedCount;
    for (let k = 0; k < 3; k++) {
      fx.advance(1);
      await new Promise((r) => setTimeout(r, 100));
    }
    const range = `venue=binance&symbol=ETH/USDT&timeframe=1m&from=${tape.bars[first]!.ts}&to=${tape.bars[first + 3]!.ts}`;
    let bars: number[][] = [];
    for (let i = 0; i < 100 && bars.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 30));
      bars = (await env.app.inject({ url: `/api/v1/data/candles?${range}`, headers: user })).json().bars;
    }
    expect(bars).toEqual(tape.bars.slice(first, first + 3).map((b) => [b.ts, b.open, b.high, b.low, b.close, b.volume]));
  });

  it('validates query parameters', async () => {
    const res = await env.app.inject({ url: '/api/v1/data/candles?venue=demo&symbol=SYN/USD&timeframe=7x&from=0&to=1', headers: user });
    expect(res.statusCode).toBe(400);
    const back = await env.app.inject({ url: `/api/v1/data/candles?venue=demo&symbol=SYN/USD&timeframe=1d&from=${T0}&to=${T0}`, headers: user });
    expect(back.statusCode).toBe(400);
  });
});
