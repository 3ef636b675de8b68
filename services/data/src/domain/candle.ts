/** One OHLCV bar; `ts` is the bar's open time in epoch milliseconds (UTC). */
export interface Candle {
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Column-major bars: the engine's own type, so loaders and the backtest never drift apart. */
import type { BarColumns } from '@strata/engine';

export type { BarColumns };

/** Identifies one series: a venue's instrument at one timeframe. */
export interface SeriesKey {
  venue: string;
  symbol: string;
  timeframe: string;
}

export function emptyColumns(n: number): BarColumns {
  return {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
}

export function candlesToColumns(candles: readonly Candle[]): BarColumns {
  const cols = emptyColumns(candles.length);
  for (let i = 0; i < candles.length; i++) {
    const c = candles[i]!;
    cols.time[i] = c.ts;
    cols.open[i] = c.open;
    cols.high[i] = c.high;
    cols.low[i] = c.low;
    cols.close[i] = c.close;
    cols.volume[i] = c.volume;
  }
  return cols;
}

export function columnsToCandles(cols: BarColumns): Candle[] {
  const out: Candle[] = new Array(cols.time.length);
  for (let i = 0; i < cols.time.length; i++) {
    out[i] = { ts: cols.time[i]!, open: cols.open[i]!, high: cols.high[i]!, low: cols.low[i]!, close: cols.close[i]!, volume: cols.volume[i]! };
  }
  return out;
}

/** Topic name of a series' closed bars on the bus (design §1). */
export function barsTopic(key: SeriesKey, namespace = 'data'): string {
  return `${namespace}.bars.${key.venue}.${key.symbol}.${key.timeframe}`;
}
