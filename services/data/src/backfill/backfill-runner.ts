import type { Pool } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { OperationalError, type AppError } from '@strata/platform';
import type { Candle } from '../domain/candle.ts';
import { checkBar } from '../domain/validate.ts';
import { alignTs, timeframeMs } from '../domain/timeframes.ts';
import { ingestInTransaction } from '../adapters/candle-ingest.ts';
import { backoffMs, checkOhlcvRows, isRetryable, mapExchangeError } from '../adapters/exchange-errors.ts';

/**
 * What a backfill needs from an exchange; ccxt's Exchange satisfies it. `fetchOHLCV` returns bars with
 * open time >= since, ascending, at most `limit`, possibly including the still-forming bar.
 */
export interface OhlcvSource {
  fetchTime(): Promise<number | undefined>;
  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<unknown>;
}

export interface BackfillProgress {
  pages: number;
  fetched: number;
  inserted: number;
  cursorTs: number;
  fromTs: number;
  toTs: number;
  /** 0..1 of the requested time span done. */
  fraction: number;
}

export interface BackfillRequest {
  seriesId: number;
  symbol: string;
  timeframe: string;
  from: number;
  /** Exclusive; clamped to the exchange's clock so only closed bars are stored. */
  to: number;
  pageLimit?: number;
  /** Attempts per page for transient failures before the run fails (its cursor is kept). */
  attempts?: number;
  retryBaseMs?: number;
  onProgress?(p: BackfillProgress): Promise<void> | void;
  signal?: AbortSignal;
}

async function withRetry<T>(fn: () => Promise<T>, attempts: number, baseMs: number, signal?: AbortSignal): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      const err: AppError = mapExchangeError(e);
      if (!isRetryable(err) || i + 1 >= attempts || signal?.aborted) throw err;
      await sleep(backoffMs(i, baseMs, 30_000));
    }
  }
}

/**
 * Pages `fetchOHLCV` from the series' cursor (or `from`) towards `to`, within the exchange's rate limit
 * (ccxt throttles every call), retrying transient failures with backoff. Each page's bars and the advanced
 * cursor are committed in ONE transaction, so a crash at any point resumes exactly after the last stored
 * bar; ingest is idempotent besides, so a replayed page adds nothing. Returns the final progress.
 */
export async function runBackfill(pool: Pool, source: OhlcvSource, req: BackfillRequest): Promise<BackfillProgress> {
  const tfMs = timeframeMs(req.timeframe);
  const limit = req.pageLimit ?? 1000;
  const attempts = req.attempts ?? 5;
  const baseMs = req.retryBaseMs ?? 500;
  const serverNow = (await withRetry(() => source.fetchTime(), attempts, baseMs, req.signal)) ?? Date.now();
  // the bar containing serverNow is still forming: stop before it
  const end = Math.min(req.to, alignTs(serverNow, req.timeframe));
  const saved = await pool.query<{ from_ts: string; next_ts: string }>('SELECT from_ts, next_ts FROM data.backfill_cursors WHERE series_id = $1', [req.seriesId]);
  let cursor = alignTs(req.from, req.timeframe);
  if (cursor < req.from) cursor += tfMs;
  // the cursor covers [from_ts, next_ts): resume only when that span contains our start, else begin afresh
  let coveredFrom = cursor;
  const s = saved.rows[0];
  if (s && Number(s.from_ts) <= cursor && Number(s.next_ts) > cursor && Number(s.next_ts) <= end) {
    coveredFrom = Number(s.from_ts);
    cursor = Number(s.next_ts);
  }
  const p: BackfillProgress = { pages: 0, fetched: 0, inserted: 0, cursorTs: cursor, fromTs: req.from, toTs: end, fraction: 0 };
  const report = async () => {
    p.cursorTs = cursor;
    p.fraction = end > req.from ? Math.min(1, (cursor - req.from) / (end - req.from)) : 1;
    await req.onProgress?.({ ...p });
  };
  await report();
  while (cursor < end) {
    if (req.signal?.aborted) break;
    let tries = 0;
    let rows: [number, number, number, number, number, number][];
    try {
      rows = await withRetry(async () => {
        const page = checkOhlcvRows(await source.fetchOHLCV(req.symbol, req.timeframe, cursor, limit));
        // An active market always has bars before the forming one, so an empty page before `end` is
        // suspect: ccxt turns a garbled body into an empty list once `since` filters it. Ask again.
        if (page.length === 0 && ++tries < attempts) throw new OperationalError('EXCHANGE_EMPTY_PAGE', `no candles at or after ${cursor}`);
        return page;
      }, attempts, baseMs, req.signal);
    } catch (e) {
      throw mapExchangeError(e);
    }
    p.pages++;
    p.fetched += rows.length;
    const bars: Candle[] = [];
    for (const [ts, open, high, low, close, volume] of rows) {
      if (ts < cursor || ts >= end) continue;
      const bar = { ts, open, high, low, close, volume };
      if (checkBar(bar)) continue; // an invalid bar is not stored; the quality report shows the resulting gap
      bars.push(bar);
    }
    const next = rows.length ? rows[rows.length - 1]![0] + tfMs : end;
    const nextCursor = Math.min(Math.max(next, cursor + tfMs), end);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      p.inserted += await ingestInTransaction(client, req.seriesId, bars);
      await client.query(
        `INSERT INTO data.backfill_cursors (series_id, from_ts, next_ts) VALUES ($1, $2, $3)
         ON CONFLICT (series_id) DO UPDATE SET from_ts = EXCLUDED.from_ts, next_ts = EXCLUDED.next_ts, updated_at = now()`,
        [req.seriesId, coveredFrom, nextCursor],
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
    cursor = nextCursor;
    await report();
    if (rows.length === 0) break; // nothing at or after the cursor: the exchange has no more history
  }
  return p;
}
