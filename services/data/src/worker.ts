import { startBullWorker, type ServiceWorkers } from '@strata/platform';
import type { DataContext } from './context.ts';
import { BACKFILL_QUEUE, processBackfill, type BackfillJobData } from './app/backfill-jobs.ts';
import { archiveOldPartitions } from './app/retention.ts';
import { barsTopic, type SeriesKey } from './domain/candle.ts';
import { ensureSeries, upsertInstrument } from './adapters/catalog-repository.ts';
import { ingestCandles } from './adapters/candle-ingest.ts';
import { streamKey } from './adapters/bar-stream.ts';
import { createCcxtClient, marketRules } from './adapters/ccxt-client.ts';
import { fakeExchangeUrls } from './adapters/exchange-factory.ts';
import { LiveBarFeed, type StreamingSource } from './live/live-bar-feed.ts';

function parseLiveSeries(spec: string): SeriesKey[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [venue, symbol, timeframe] = s.split(':');
      return { venue: venue!, symbol: symbol!, timeframe: timeframe! };
    });
}

/**
 * The data service's background work: the backfill queue consumer, one live feed per configured
 * series (closed bars go to their topic and into the store) and a daily retention pass.
 */
export async function startDataWorkers(ctx: DataContext): Promise<ServiceWorkers> {
  const backfill = startBullWorker<BackfillJobData>(BACKFILL_QUEUE, ctx.redis, ctx.keyPrefix, (job) => processBackfill(ctx.db, ctx.exchanges, job), {
    concurrency: 2,
  });
  const feeds: { feed: LiveBarFeed; close: () => Promise<unknown> }[] = [];
  for (const key of parseLiveSeries(ctx.config.DATA_LIVE_SERIES)) {
    const ex = createCcxtClient({
      exchangeId: key.venue,
      urls: key.venue === 'binance' && ctx.config.DATA_FAKE_EXCHANGE_URL ? fakeExchangeUrls(ctx.config.DATA_FAKE_EXCHANGE_URL) : undefined,
    });
    const seriesId = await ensureSeries(ctx.db, key, 'exchange');
    // exchange rules are nice to have here; an unreachable exchange must not stop the worker
    const rules = await marketRules(ex, key.symbol).catch(() => null);
    if (rules) await upsertInstrument(ctx.db, { ...rules, venue: key.venue, symbol: key.symbol });
    const feed = new LiveBarFeed({
      source: ex as unknown as StreamingSource,
      redis: ctx.redis,
      symbol: key.symbol,
      timeframe: key.timeframe,
      barsKey: streamKey(ctx.keyPrefix, barsTopic(key)),
      tradesKey: streamKey(ctx.keyPrefix, `data.trades.${key.venue}.${key.symbol}`),
      onClosedBar: async (bar) => void (await ingestCandles(ctx.db, seriesId, [bar])),
      onError: (err, attempt) => ctx.log.warn({ err, attempt, series: key }, 'live feed error; reconnecting'),
    });
    feed.start();
    feeds.push({ feed, close: () => ex.close() });
  }
  let retention: NodeJS.Timeout | null = null;
  if (ctx.config.DATA_RETENTION_MONTHS > 0) {
    const pass = () => {
      const d = new Date();
      const cutoff = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - ctx.config.DATA_RETENTION_MONTHS, 1);
      archiveOldPartitions(ctx.db, ctx.platform.DATA_DIR, cutoff).catch((err) => ctx.log.error({ err }, 'retention pass failed'));
    };
    retention = setInterval(pass, 86_400_000);
    pass();
  }
  return {
    close: async () => {
      if (retention) clearInterval(retention);
      for (const f of feeds) {
        await f.feed.stop(0);
        await f.close().catch(() => {});
      }
      await backfill.close();
    },
  };
}
