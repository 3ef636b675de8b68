import type { Candle } from '../domain/candle.ts';
import { generateSynthetic } from '../domain/synthetic.ts';
import { aggregateCandles } from '../domain/aggregate.ts';
import { alignTs, timeframeMs } from '../domain/timeframes.ts';

export interface FakeSymbolSpec {
  base: string;
  quote: string;
  tickSize: number;
  stepSize: number;
  minNotional: number;
  seed: number;
  startPrice: number;
}

/** A kline as the exchange currently knows it; `closed` is Binance's `x`. */
export interface LiveKline {
  bar: Candle;
  closed: boolean;
}

const MINUTE = 60_000;

/**
 * One symbol's synthetic 1-minute tape. Bars before `closedCount` are history; the bar at `closedCount`
 * is forming and is revealed in `step` increments by the live clock. The whole tape is generated up front
 * from the seed, so history and live data are the same series and every run is reproducible.
 */
export class SymbolTape {
  readonly id: string;
  readonly spec: FakeSymbolSpec;
  readonly start: number;
  readonly bars: Candle[];
  closedCount: number;
  /** 0..steps of the forming bar's progress; 0 means only its open is known. */
  progress = 0;
  tradeId = 1;

  constructor(spec: FakeSymbolSpec, start: number, historyBars: number, futureBars: number) {
    this.spec = spec;
    this.id = `${spec.base}${spec.quote}`;
    this.start = start;
    this.bars = generateSynthetic({
      seed: spec.seed,
      start,
      timeframe: '1m',
      count: historyBars + futureBars,
      startPrice: spec.startPrice,
      tickSize: spec.tickSize,
    });
    this.closedCount = historyBars;
  }

  /** The forming bar as seen at `progress/steps`: high/low/close move linearly towards their final values. */
  forming(steps: number): Candle {
    const b = this.bars[this.closedCount]!;
    const f = Math.min(this.progress / steps, 1);
    const close = Number((b.open + (b.close - b.open) * f).toFixed(10));
    return {
      ts: b.ts,
      open: b.open,
      high: Math.max(b.open, close, b.open + (b.high - b.open) * f),
      low: Math.min(b.open, close, b.open - (b.open - b.low) * f),
      close,
      volume: Number((b.volume * f).toFixed(8)),
    };
  }

  lastPrice(steps: number): number {
    return this.forming(steps).close;
  }

  /** Server clock: the forming bar's open plus the fraction of the minute its progress represents. */
  now(steps: number): number {
    return this.bars[this.closedCount]!.ts + Math.floor((this.progress / steps) * (MINUTE - 1));
  }

  /**
   * Klines for [startTime, endTime] like GET /api/v3/klines: ascending, at most `limit`, including the
   * forming bar in its current state (as Binance does).
   */
  klines(interval: string, startTime: number | undefined, endTime: number | undefined, limit: number, steps: number): Candle[] {
    const tfMs = timeframeMs(interval);
    const lastKnown = this.closedCount; // index of the forming bar
    const end = Math.min(endTime ?? Infinity, this.bars[lastKnown]!.ts + tfMs);
    let from = startTime === undefined ? -Infinity : alignTs(startTime, interval);
    if (startTime !== undefined && from < startTime) from += tfMs;
    if (startTime === undefined) {
      // newest `limit` bars, like Binance without startTime
      from = alignTs(this.bars[lastKnown]!.ts, interval) - (limit - 1) * tfMs;
    }
    const i0 = Math.max(0, Math.ceil((from - this.start) / MINUTE));
    const i1 = Math.min(lastKnown, Math.floor((Math.min(end, from + limit * tfMs) - 1 - this.start) / MINUTE));
    if (i1 < i0) return [];
    const slice = this.bars.slice(i0, i1 + 1);
    if (i1 === lastKnown) slice[slice.length - 1] = this.forming(steps);
    const out = interval === '1m' ? slice : aggregateCandles(slice, '1m', interval);
    return out.filter((c) => c.ts >= from && c.ts <= end).slice(0, limit);
  }
}
