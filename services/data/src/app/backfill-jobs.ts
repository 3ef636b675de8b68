import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { NotFoundError, PermanentJobError, ValidationError, type AppError, type JobContext, type JobQueue } from '@strata/platform';
import type { SeriesKey } from '../domain/candle.ts';
import { isTimeframe } from '../domain/timeframes.ts';
import { ensureSeries, upsertInstrument } from '../adapters/catalog-repository.ts';
import type { MarketRules } from '../adapters/ccxt-client.ts';
import { mapExchangeError } from '../adapters/exchange-errors.ts';
import { runBackfill, type OhlcvSource } from '../backfill/backfill-runner.ts';

export const BACKFILL_QUEUE = 'data-backfill';

/** Job payload: the row id only (design principle 12). */
export interface BackfillJobData {
  backfillId: string;
}

/**
 * Opens an exchange client for a venue id; the caller closes it. `rules`, when present, returns the
 * instrument's tick size, lot size and minimum notional for the catalog.
 */
export type ExchangeFactory = (venue: string) => OhlcvSource & { close(): Promise<unknown>; rules?(symbol: string): Promise<MarketRules | null> };

export interface BackfillView {
  id: string;
  venue: string;
  symbol: string;
  timeframe: string;
  from: number;
  to: number;
  status: 'queued' | 'running' | 'completed' | 'failed';
  pages: number;
  fetched: number;
  inserted: number;
  cursorTs: number | null;
  progress: number;
  error: string | null;
}

/** Records a backfill request and queues it; the job id is the row id, so a re-add is a no-op. */
export async function requestBackfill(
  pool: Pool,
  queue: JobQueue<BackfillJobData>,
  req: SeriesKey & { from: number; to: number; createdBy?: string },
): Promise<BackfillView> {
  if (!isTimeframe(req.timeframe)) throw new ValidationError(`timeframe "${req.timeframe}" is not supported`);
  if (!(req.to > req.from)) throw new ValidationError(`"to" (${req.to}) must be after "from" (${req.from})`);
  const seriesId = await ensureSeries(pool, req, 'exchange');
  const id = randomUUID();
  await pool.query('INSERT INTO data.backfill_jobs (id, series_id, exchange_id, from_ts, to_ts, created_by) VALUES ($1, $2, $3, $4, $5, $6)', [
    id, seriesId, req.venue, req.from, req.to, req.createdBy ?? null,
  ]);
  await queue.add('backfill', { backfillId: id }, { jobId: id, attempts: 5, backoffMs: 2_000 });
  return (await getBackfill(pool, id))!;
}

export async function getBackfill(pool: Pool, id: string): Promise<BackfillView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const r = await pool.query(
    `SELECT b.*, i.venue, i.symbol, s.timeframe FROM data.backfill_jobs b JOIN data.series s ON s.id = b.series_id
     JOIN data.instruments i ON i.id = s.instrument_id WHERE b.id = $1`,
    [id],
  );
  const b = r.rows[0];
  if (!b) return null;
  const from = Number(b.from_ts);
  const to = Number(b.to_ts);
  const cursor = b.cursor_ts === null ? null : Number(b.cursor_ts);
  return {
    id: b.id, venue: b.venue, symbol: b.symbol, timeframe: b.timeframe, from, to, status: b.status,
    pages: b.pages, fetched: b.fetched, inserted: b.inserted, cursorTs: cursor,
    progress: b.status === 'completed' ? 1 : cursor === null ? 0 : Math.max(0, Math.min(1, (cursor - from) / (to - from))),
    error: b.error,
  };
}

/**
 * The queue processor. Progress goes to the row (for the API) and the job. Transient exchange
 * failures are rethrown so the queue retries the job, which resumes from the series cursor; errors
 * retrying cannot fix fail it permanently.
 */
export async function processBackfill(pool: Pool, exchanges: ExchangeFactory, ctx: JobContext<BackfillJobData>): Promise<unknown> {
  const view = await getBackfill(pool, ctx.data.backfillId);
  if (!view) throw new PermanentJobError('NOT_FOUND', `backfill ${ctx.data.backfillId} does not exist`);
  const seriesId = (await pool.query('SELECT series_id FROM data.backfill_jobs WHERE id = $1', [view.id])).rows[0].series_id as number;
  await pool.query(`UPDATE data.backfill_jobs SET status = 'running', error = NULL, updated_at = now() WHERE id = $1`, [view.id]);
  let ex: ReturnType<ExchangeFactory> | null = null;
  try {
    ex = exchanges(view.venue);
    const rules = await ex.rules?.(view.symbol);
    if (rules) await upsertInstrument(pool, { venue: view.venue, symbol: view.symbol, ...rules });
    const p = await runBackfill(pool, ex, {
      seriesId, symbol: view.symbol, timeframe: view.timeframe, from: view.from, to: view.to,
      onProgress: async (pr) => {
        await pool.query(
          `UPDATE data.backfill_jobs SET pages = $2, fetched = $3, inserted = $4, cursor_ts = $5, updated_at = now() WHERE id = $1`,
          // counters add up over retried attempts of the same job
          [view.id, view.pages + pr.pages, view.fetched + pr.fetched, view.inserted + pr.inserted, pr.cursorTs],
        );
        await ctx.reportProgress({ fraction: pr.fraction, inserted: view.inserted + pr.inserted, cursorTs: pr.cursorTs });
      },
    });
    await pool.query(`UPDATE data.backfill_jobs SET status = 'completed', updated_at = now() WHERE id = $1`, [view.id]);
    return p;
  } catch (e) {
    const err: AppError = mapExchangeError(e);
    await pool.query(`UPDATE data.backfill_jobs SET status = 'failed', error = $2, updated_at = now() WHERE id = $1`, [view.id, `${err.code}: ${err.message}`]);
    if (err.kind === 'operational') throw err;
    throw new PermanentJobError(err.code, err.message);
  } finally {
    await ex?.close().catch(() => {});
  }
}

export function notFound(id: string): never {
  throw new NotFoundError(`backfill ${id}`);
}
