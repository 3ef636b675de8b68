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
  /** Number of stored bars in the range (cheap: used to validate a request before queueing it). */
  count(q: CandleQuery): Promise<number>;
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
