import type { Pool } from 'pg';
import { ValidationError } from '@strata/platform';
import { alignTs, timeframeMs } from '../domain/timeframes.ts';
import { resolveSeries, type CandleRange } from './candle-query.ts';

function int(name: string, x: number): number {
  if (!Number.isFinite(x) || Math.trunc(x) !== x) throw new ValidationError(`${name} must be an integer epoch-ms timestamp, got ${x}`);
  return x;
}

/**
 * How many bars `loadCandles(pool, range)` would return, without moving them: one count on the
 * (series_id, ts) index for a stored timeframe, a count of distinct buckets when the timeframe is
 * aggregated from a finer series (the same buckets loadCandles builds). NotFound like loadCandles
 * when no series answers the key. Used where only a bar count is needed (optimisation planning).
 */
export async function countCandles(pool: Pool, range: CandleRange): Promise<number> {
  const from = int('from', range.from);
  const to = int('to', range.to);
  if (to <= from) return 0;
  const { series, aggregated } = await resolveSeries(pool, range);
  if (!aggregated) {
    const r = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM data.candles WHERE series_id = $1 AND ts >= $2 AND ts < $3`, [series.id, from, to]);
    return Number(r.rows[0]!.n);
  }
  const tf = timeframeMs(range.timeframe);
  const off = range.timeframe.endsWith('w') ? 4 * 86_400_000 : 0;
  const lo = alignTs(from, range.timeframe);
  const r = await pool.query<{ n: string }>(
    `SELECT count(DISTINCT ts - (((ts - $4::bigint) % $5::bigint) + $5::bigint) % $5::bigint) AS n
     FROM data.candles WHERE series_id = $1 AND ts >= $2 AND ts < $3`,
    [series.id, lo, to, off, tf],
  );
  return Number(r.rows[0]!.n);
}
