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
 * backtest workers call: it streams COPY BINARY straight into typed arrays (ranges of 200k bars or more
 * in two halves on two connections). Higher timeframes are
 * aggregated from 1m (or any finer stored series) on the fly; a bucket holds whatever bars exist
 * (gaps are not filled, see docs/data.md).
 */
export async function loadCandles(pool: Pool, range: CandleRange, opts: { parallelFrom?: number } = {}): Promise<BarColumns> {
  const { series } = await resolveSeries(pool, range);
  const span = Math.ceil((range.to - range.from) / timeframeMs(range.timeframe));
  if (series.timeframe !== range.timeframe || span < (opts.parallelFrom ?? PARALLEL_FROM)) {
    const sql = candlesSql(series, range);
    return withClient(pool, (c) => copyColumns(c, sql, Math.min(Math.max(span, 16), 1 << 18)));
  }
  // Large raw ranges: two halves on two connections, so two PostgreSQL backends format rows at once.
  const mid = range.from + Math.floor(span / 2) * timeframeMs(range.timeframe);
  const halves = await Promise.all(
    [{ ...range, to: mid }, { ...range, from: mid }].map((r) => withClient(pool, (c) => copyColumns(c, candlesSql(series, r), 1 << 18))),
  );
  return concatColumns(halves[0]!, halves[1]!);
}

// below this many bars one connection is faster than two
const PARALLEL_FROM = 200_000;

function concatColumns(a: BarColumns, b: BarColumns): BarColumns {
  const join = (x: Float64Array, y: Float64Array) => {
    const out = new Float64Array(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  return {
    time: join(a.time, b.time), open: join(a.open, b.open), high: join(a.high, b.high),
    low: join(a.low, b.low), close: join(a.close, b.close), volume: join(a.volume, b.volume),
  };
}
