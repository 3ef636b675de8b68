import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from 'ccxt';
import type { TestEnv } from '@strata/platform/testing';
import { dataTestEnv } from '../test-support/data-test-env.ts';
import { FakeExchange } from '../fake-exchange/fake-exchange.ts';
import { createCcxtClient } from '../adapters/ccxt-client.ts';
import { ack, ensureGroup, readAll, readGroup, streamKey } from '../adapters/bar-stream.ts';
import { barsTopic } from '../domain/candle.ts';
import { LiveBarFeed, type StreamingSource } from './live-bar-feed.ts';

const START = Date.UTC(2024, 5, 1);
const HISTORY = 100;
let env: TestEnv;
let fx: FakeExchange;
const clients: Exchange[] = [];

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function client(): StreamingSource {
  const ex = createCcxtClient({ exchangeId: 'binance', urls: fx.ccxtUrls(), rateLimit: 5 });
  clients.push(ex);
  return ex as unknown as StreamingSource;
}

/** Advances one bar and waits until every listening feed has seen the next bar open. */
async function step(feeds: LiveBarFeed[], expectPublished: number): Promise<void> {
  fx.advance(1);
  await until(() => feeds.reduce((s, f) => s + f.stats.published, 0) >= expectPublished, `${expectPublished} published bars`);
}

beforeAll(async () => {
  env = await dataTestEnv();
  fx = await new FakeExchange({ start: START, historyBars: HISTORY, stepsPerBar: 3 }).start();
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  await fx.close();
  await env.close();
});

describe('live bar feed: real ccxt.pro websockets against the fake exchange', () => {
  it('publishes each closed bar exactly once, and a dropped socket loses none', async () => {
    const key = streamKey(env.keyPrefix, barsTopic({ venue: 'binance', symbol: 'BTC/USDT', timeframe: '1m' }));
    const tape = fx.tapes.get('BTCUSDT')!;
    const firstLive = tape.closedCount;
    const stored: number[] = [];
    const src = client();
    const feed = new LiveBarFeed({
      source: src, redis: env.deps.redis, symbol: 'BTC/USDT', timeframe: '1m', barsKey: key,
      tradesKey: streamKey(env.keyPrefix, 'data.trades.binance.BTC/USDT'), backoffBaseMs: 20,
      onClosedBar: (b) => void stored.push(b.ts),
    });
    feed.start();
    await until(() => fx.subscribers('btcusdt@kline_1m') === 1, 'the kline subscription');
    await step([feed], 1);
    await step([feed], 2);
    await step([feed], 3);

    // the exchange drops every socket; two bars close while we are away
    fx.dropStreams();
    fx.advance(2);
    await until(() => fx.subscribers('btcusdt@kline_1m') === 1 && feed.stats.reconnects >= 1, 'the reconnect');
    await until(() => feed.stats.published >= 5, 'the gap fill');
    await step([feed], 6);
    await step([feed], 7);
    await feed.stop();
    await (src as unknown as Exchange).close();

    const bars = await readAll(env.deps.redis, key);
    const expected = tape.bars.slice(firstLive, firstLive + 7);
    expect(bars).toEqual(expected);
    expect(stored).toEqual(expected.map((b) => b.ts));
    expect(feed.stats.gapFilled).toBeGreaterThanOrEqual(2);
    expect(feed.stats.trades).toBeGreaterThan(0);
  });

  it('a feed restarted after downtime first publishes the bars that closed meanwhile', async () => {
    const key = streamKey(env.keyPrefix, barsTopic({ venue: 'binance', symbol: 'BTC/USDT', timeframe: '1m' }));
    const tape = fx.tapes.get('BTCUSDT')!;
    const before = await readAll(env.deps.redis, key);
    fx.advance(3); // nobody is listening
    const src2 = client();
    const feed = new LiveBarFeed({ source: src2, redis: env.deps.redis, symbol: 'BTC/USDT', timeframe: '1m', barsKey: key, backoffBaseMs: 20 });
    feed.start();
    await until(() => feed.stats.gapFilled >= 3 && fx.subscribers('btcusdt@kline_1m') === 1, 'the catch-up');
    await step([feed], 4);
    await feed.stop();
    await (src2 as unknown as Exchange).close();
    const after = await readAll(env.deps.redis, key);
    const lastIdx = (before.at(-1)!.ts - tape.start) / 60_000;
    expect(after).toEqual(tape.bars.slice(lastIdx + 1 - before.length, lastIdx + 1 + 4));
  });

  it('two feeds on the same series (two replicas) still put each bar on the topic once', async () => {
    const key = streamKey(env.keyPrefix, barsTopic({ venue: 'binance', symbol: 'ETH/USDT', timeframe: '1m' }));
    const tape = fx.tapes.get('ETHUSDT')!;
    const feeds = [0, 1].map(
      () => new LiveBarFeed({ source: client(), redis: env.deps.redis, symbol: 'ETH/USDT', timeframe: '1m', barsKey: key, backoffBaseMs: 20 }),
    );
    for (const f of feeds) f.start();
    await until(() => fx.subscribers('ethusdt@kline_1m') === 2, 'both subscriptions');
    const first = tape.closedCount;
    fx.advance(1);
    await until(async () => (await readAll(env.deps.redis, key)).length >= 1 && feeds.every((f) => f.stats.published + f.stats.duplicates >= 1), 'first bar');
    fx.advance(1);
    fx.advance(1);
    await until(() => feeds.every((f) => f.stats.published + f.stats.duplicates >= 3), 'three bars each');
    for (const f of feeds) await f.stop();
    expect(await readAll(env.deps.redis, key)).toEqual(tape.bars.slice(first, first + 3));
    expect(feeds[0]!.stats.published + feeds[1]!.stats.published).toBe(3);
    expect(feeds[0]!.stats.duplicates + feeds[1]!.stats.duplicates).toBe(3);
  });

  it('consumer groups: members split the bars, groups each get all, unacknowledged bars are redelivered', async () => {
    const key = streamKey(env.keyPrefix, 'data.bars.binance.BTC/USDT.1m');
    const all = await readAll(env.deps.redis, key);
    await ensureGroup(env.deps.redis, key, 'strategies');
    await ensureGroup(env.deps.redis, key, 'strategies'); // idempotent
    await ensureGroup(env.deps.redis, key, 'recorder');
    const a = await readGroup(env.deps.redis, key, 'strategies', 'a', 3);
    const b = await readGroup(env.deps.redis, key, 'strategies', 'b', 100);
    expect([...a, ...b].map((x) => x.bar)).toEqual(all);
    expect((await readGroup(env.deps.redis, key, 'recorder', 'r', 100)).map((x) => x.bar)).toEqual(all);
    // 'a' crashed before acking: it gets the same bars again; after ack they are gone
    const again = await readGroup(env.deps.redis, key, 'strategies', 'a', 100);
    expect(again.map((x) => x.id)).toEqual(a.map((x) => x.id));
    await ack(env.deps.redis, key, 'strategies', again.map((x) => x.id));
    expect(await readGroup(env.deps.redis, key, 'strategies', 'a', 100)).toEqual([]);
  });
});
