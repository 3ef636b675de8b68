import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Candle } from '../domain/candle.ts';
import { alignTs, timeframeMs } from '../domain/timeframes.ts';
import { checkBar } from '../domain/validate.ts';
import { lastPublishedTs, publishBar, publishTrade } from '../adapters/bar-stream.ts';
import { backoffMs, checkOhlcvRows, mapExchangeError } from '../adapters/exchange-errors.ts';
import type { OhlcvSource } from '../backfill/backfill-runner.ts';

/** The streaming half of an exchange; ccxt.pro's Exchange satisfies it. */
export interface StreamingSource extends OhlcvSource {
  newUpdates: boolean;
  watchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<unknown>;
  watchTrades(symbol: string, since?: number, limit?: number): Promise<unknown[]>;
}

export interface LiveFeedOptions {
  source: StreamingSource;
  redis: Redis;
  symbol: string;
  timeframe: string;
  /** Stream key of the bars topic (prefix included). */
  barsKey: string;
  /** Stream key of the trades topic; trades are not watched when omitted. */
  tradesKey?: string;
  /**
   * Called for each closed bar BEFORE it is published, e.g. to store it; a failure aborts the publish, so
   * the bar is retried by the next gap fill. Must be idempotent (a replica may store the same bar).
   */
  onClosedBar?(bar: Candle): Promise<void> | void;
  onError?(err: Error, attempt: number): void;
  /** First bar to publish when the topic is empty (defaults to the first bar seen live). */
  since?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

/**
 * Follows one series live. A bar counts as closed when a later bar has been seen; it is published once
 * (the stream id is its open time, see publishBar). After any failure, including a dropped socket, it waits
 * with jittered exponential backoff, then back-fills over REST every bar that closed after the topic's last
 * entry before watching again, so a disconnect loses no closed bar.
 */
export class LiveBarFeed {
  private readonly o: LiveFeedOptions;
  private readonly tfMs: number;
  private running = false;
  private loops: Promise<void>[] = [];
  private last: number | null = null;
  /** Counters for tests and metrics. */
  readonly stats = { published: 0, duplicates: 0, reconnects: 0, gapFilled: 0, trades: 0 };

  constructor(o: LiveFeedOptions) {
    this.o = o;
    this.tfMs = timeframeMs(o.timeframe);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.o.source.newUpdates = false; // we want the full cache filtered by `since`, not only the last delta
    this.loops = [this.barLoop()];
    if (this.o.tradesKey) this.loops.push(this.tradeLoop());
  }

  /**
   * Stops after the current step. A watch that is still waiting for the exchange only ends when the
   * caller closes the exchange client, so this waits at most `graceMs` for the loops.
   */
  async stop(graceMs = 500): Promise<void> {
    this.running = false;
    await Promise.race([Promise.allSettled(this.loops), sleep(graceMs)]);
  }

  private async emit(bar: Candle): Promise<void> {
    if (this.last !== null && bar.ts <= this.last) return;
    if (checkBar(bar)) return;
    await this.o.onClosedBar?.(bar);
    const r = await publishBar(this.o.redis, this.o.barsKey, bar);
    this.last = bar.ts;
    if (r === 'duplicate') this.stats.duplicates++;
    else this.stats.published++;
  }

  /** Publishes, from REST, every bar after the topic's last one that has closed by the exchange's clock. */
  private async gapFill(): Promise<void> {
    this.last = (await lastPublishedTs(this.o.redis, this.o.barsKey)) ?? this.last;
    let cursor = this.last !== null ? this.last + this.tfMs : this.o.since;
    if (cursor === undefined) return;
    const now = (await this.o.source.fetchTime()) ?? Date.now();
    const formingTs = alignTs(now, this.o.timeframe);
    while (cursor < formingTs && this.running) {
      const rows = checkOhlcvRows(await this.o.source.fetchOHLCV(this.o.symbol, this.o.timeframe, cursor, 1000));
      const closed = rows.filter((r) => r[0] >= cursor! && r[0] < formingTs);
      for (const [ts, open, high, low, close, volume] of closed) {
        const before = this.stats.published;
        await this.emit({ ts, open, high, low, close, volume });
        this.stats.gapFilled += this.stats.published - before;
      }
      if (closed.length === 0) break;
      cursor = closed[closed.length - 1]![0] + this.tfMs;
    }
  }

  private async barLoop(): Promise<void> {
    let attempt = 0;
    // also on a (re)start: bars that closed while no feed ran are fetched before watching
    let needGapFill = true;
    while (this.running) {
      try {
        if (needGapFill) {
          await this.gapFill();
          needGapFill = false;
        }
        const since = this.last !== null ? this.last + 1 : undefined;
        const rows = checkOhlcvRows(await this.o.source.watchOHLCV(this.o.symbol, this.o.timeframe, since));
        attempt = 0;
        if (rows.length < 2) continue;
        const newest = rows[rows.length - 1]![0];
        for (const [ts, open, high, low, close, volume] of rows) {
          if (ts < newest) await this.emit({ ts, open, high, low, close, volume });
        }
      } catch (e) {
        if (!this.running) break;
        const err = mapExchangeError(e);
        this.o.onError?.(err, attempt);
        this.stats.reconnects++;
        needGapFill = true;
        await sleep(backoffMs(attempt++, this.o.backoffBaseMs ?? 250, this.o.backoffMaxMs ?? 30_000));
      }
    }
  }

  private async tradeLoop(): Promise<void> {
    let attempt = 0;
    let lastTradeTs = 0;
    while (this.running) {
      try {
        const trades = (await this.o.source.watchTrades(this.o.symbol, lastTradeTs ? lastTradeTs + 1 : undefined)) as {
          timestamp: number; price: number; amount: number; side: string; id?: string;
        }[];
        attempt = 0;
        for (const t of trades) {
          if (t.timestamp <= lastTradeTs && lastTradeTs) continue;
          await publishTrade(this.o.redis, this.o.tradesKey!, { ts: t.timestamp, price: t.price, amount: t.amount, side: t.side, id: t.id });
          this.stats.trades++;
        }
        if (trades.length) lastTradeTs = trades[trades.length - 1]!.timestamp;
      } catch (e) {
        if (!this.running) break;
        this.o.onError?.(mapExchangeError(e), attempt);
        await sleep(backoffMs(attempt++, this.o.backoffBaseMs ?? 250, this.o.backoffMaxMs ?? 30_000));
      }
    }
  }
}
