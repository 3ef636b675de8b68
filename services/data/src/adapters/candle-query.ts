import type { Pool } from 'pg';
import { NotFoundError, ValidationError } from '@strata/platform';
import type { BarColumns, SeriesKey } from '../domain/candle.ts';
import { alignTs, timeframeMs } from '../domain/timeframes.ts';
import { copyColumns, withClient } from './candle-loader.ts';
import { findSeries, seriesOfInstrument, type SeriesRow } from './catalog-repository.ts';

export interface CandleRange extends SeriesKey {
  /** Inclusive lower bound on bar open time, epoch ms. */
  from: number;
  /** Exclusive upper bound on bar open time, epoch ms. */
  to: number;
}

export interface ResolvedSeries {
  series: SeriesRow;
  /** True when bars are folded from a finer stored series. */
  aggregated: boolean;
}

function int(name: string, x: number): number {
  if (!Number.isFinite(x) || Math.trunc(x) !== x) throw new ValidationError(`${name} must be an integer epoch-ms timestamp, got ${x}`);
  return x;
}

/**
 * Picks the series that answers `key`: the stored series of that timeframe, or else the coarsest stored
 * series whose timeframe divides it evenly (bars are then aggregated). NotFound when neither exists.
 */
export async function resolveSeries(pool: Pool, key: SeriesKey): Promise<ResolvedSeries> {
  const exact = await findSeries(pool, key);
  if (exact) return { series: exact, aggregated: false };
  const target = timeframeMs(key.timeframe);
  const finer = (await seriesOfInstrument(pool, key.venue, key.symbol))
    .filter((s) => target % timeframeMs(s.timeframe) === 0 && timeframeMs(s.timeframe) < target)
    .sort((a, b) => timeframeMs(b.timeframe) - timeframeMs(a.timeframe));
  if (finer.length === 0) throw new NotFoundError(`series ${key.venue}:${key.symbol}:${key.timeframe}`);
  return { series: finer[0]!, aggregated: true };
}

/** SQL returning (ts, o, h, l, c, v) of `range`, aggregated from `src` when its timeframe is finer. */
export function candlesSql(src: SeriesRow, range: CandleRange): string {
  const from = int('from', range.from);
  const to = int('to', range.to);
  if (src.timeframe === range.timeframe) {
    return `SELECT ts, open, high, low, close, volume FROM data.candles WHERE series_id = ${src.id} AND ts >= ${from} AND ts < ${to} ORDER BY ts`;
  }
  const tf = timeframeMs(range.timeframe);
  const off = range.timeframe.endsWith('w') ? 4 * 86_400_000 : 0; // weeks start on Monday like the exchange's
  // widen to whole buckets so the first and last aggregated bars are not truncated
  const lo = alignTs(from, range.timeframe);
  return `SELECT b AS ts, (array_agg(open ORDER BY ts))[1] AS open, max(high) AS high, min(low) AS low,
            (array_agg(close ORDER BY ts DESC))[1] AS close, sum(volume) AS volume
          FROM (SELECT ts - (((ts - ${off}) % ${tf}) + ${tf}) % ${tf} AS b, ts, open, high, low, close, volume
                FROM data.candles WHERE series_id = ${src.id} AND ts >= ${lo} AND ts < ${to}) x
          WHERE b >= ${lo} GROUP BY b ORDER BY b`;
}

/**
 * Bars of one series in [from, to) as Float64Array columns, the engine's BarColumns. This is the function
 * backtest workers call: it streams COPY BINARY straight into typed arrays. Higher timeframes are
 * aggregated from 1m (or any finer stored series) on the fly; a bucket holds whatever bars exist
 * (gaps are not filled, see docs/data.md).
 */
export async function loadCandles(pool: Pool, range: CandleRange): Promise<BarColumns> {
  const { series } = await resolveSeries(pool, range);
  const sql = candlesSql(series, range);
  const hint = Math.min(Math.max(Math.ceil((range.to - range.from) / timeframeMs(range.timeframe)), 16), 1 << 18);
  return withClient(pool, (c) => copyColumns(c, sql, hint));
}
