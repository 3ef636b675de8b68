import type { BarColumns } from '@strata/engine';

export interface CandleQuery {
  venue: string;
  symbol: string;
  timeframe: string;
  /** Bar open time bounds, ms UTC: [from, to). */
  from: number;
  to: number;
}

/** Port: reads stored bars for a range, ascending by time; an empty range gives zero-length columns. */
export interface CandleSource {
  load(q: CandleQuery): Promise<BarColumns>;
  /** Exact number of bars in the range (loads them when nothing cheaper exists). */
  count(q: CandleQuery): Promise<number>;
  /**
   * Cheap check used before queueing a backtest: whether the range holds any stored bar, and the
   * instrument's exchange rules when the store knows them.
   */
  coverage(q: CandleQuery): Promise<{ available: boolean; instrument?: { tickSize: number; lotSize: number; minNotional: number } }>;
}

export function sliceBars(b: BarColumns, start: number, end: number): BarColumns {
  return {
    time: b.time.subarray(start, end),
    open: b.open.subarray(start, end),
    high: b.high.subarray(start, end),
    low: b.low.subarray(start, end),
    close: b.close.subarray(start, end),
    volume: b.volume.subarray(start, end),
  };
}
