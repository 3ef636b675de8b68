import type { Bar } from '../types.ts';
import { checkPeriod, checkPositive, type HlcIndicator, type SeriesIndicator } from './contract.ts';
import { SeededEma } from './moving-averages.ts';
import { RollingMoments } from './ring.ts';
import { sealClasses } from './seal.ts';

/** True range: `max(high, prevClose) - min(low, prevClose)`; `high - low` on the first bar. */
export type TrueRange = HlcIndicator;
/** Wilder's Average True Range. Warm-up: `period + 1` bars (the first bar has no previous close). */
export type Atr = HlcIndicator;
/** Rolling population standard deviation. Warm-up: `period` updates. */
export type StdDev = SeriesIndicator;

/** Bollinger Bands; `value` = `middle` (SMA); `upper`/`lower` = middle ± mult·σ (population). */
export interface Bollinger extends SeriesIndicator {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
  /** `(upper - lower) / middle`. */
  readonly bandwidth: number;
  /** `(x - lower) / (upper - lower)`; 0.5 when the bands have zero width. */
  readonly percentB: number;
}

class TrueRangeImpl implements TrueRange {
  value = NaN;
  ready = false;
  private prevClose = NaN;

  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) return this.value;
    const pc = this.prevClose;
    this.prevClose = close;
    this.value = pc !== pc ? high - low : (high > pc ? high : pc) - (low < pc ? low : pc);
    this.ready = true;
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close);
  }

  reset(): void {
    this.prevClose = NaN;
    this.value = NaN;
    this.ready = false;
  }
}

/** @internal Shared with Keltner and SuperTrend. */
export class AtrImpl implements Atr {
  value = NaN;
  ready = false;
  private readonly smooth: SeededEma;
  private prevClose = NaN;

  constructor(period: number) {
    checkPeriod('atr', 'period', period);
    this.smooth = new SeededEma(period, 1 / period);
  }

  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) return this.value;
    const pc = this.prevClose;
    this.prevClose = close;
    if (pc !== pc) return this.value;
    const tr = (high > pc ? high : pc) - (low < pc ? low : pc);
    this.smooth.update(tr);
    if (this.smooth.ready) {
      this.value = this.smooth.value;
      this.ready = true;
    }
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close);
  }

  reset(): void {
    this.smooth.reset();
    this.prevClose = NaN;
    this.value = NaN;
    this.ready = false;
  }
}

class StdDevImpl implements StdDev {
  value = NaN;
  ready = false;
  private readonly m: RollingMoments;

  constructor(period: number) {
    checkPeriod('stdDev', 'period', period);
    this.m = new RollingMoments(period);
  }

  update(x: number): number {
    if (x !== x) return this.value;
    this.m.push(x);
    if (this.m.full) {
      this.value = Math.sqrt(this.m.variance());
      this.ready = true;
    }
    return this.value;
  }

  reset(): void {
    this.m.clear();
    this.value = NaN;
    this.ready = false;
  }
}

class BollingerImpl implements Bollinger {
  value = NaN;
  ready = false;
  upper = NaN;
  middle = NaN;
  lower = NaN;
  bandwidth = NaN;
  percentB = NaN;
  private readonly m: RollingMoments;
  private readonly mult: number;

  constructor(period: number, mult: number) {
    checkPeriod('bollinger', 'period', period);
    checkPositive('bollinger', 'mult', mult);
    this.m = new RollingMoments(period);
    this.mult = mult;
  }

  update(x: number): number {
    if (x !== x) return this.value;
    const m = this.m;
    m.push(x);
    if (!m.full) return this.value;
    const mid = m.mean();
    const w = this.mult * Math.sqrt(m.variance());
    this.middle = this.value = mid;
    this.upper = mid + w;
    this.lower = mid - w;
    this.bandwidth = mid === 0 ? 0 : (2 * w) / mid;
    this.percentB = w === 0 ? 0.5 : (x - this.lower) / (2 * w);
    this.ready = true;
    return this.value;
  }

  reset(): void {
    this.m.clear();
    this.value = this.upper = this.middle = this.lower = this.bandwidth = this.percentB = NaN;
    this.ready = false;
  }
}

/** True range per bar; ready from the first bar. */
export function trueRange(): TrueRange {
  return new TrueRangeImpl();
}

/** Average True Range (Wilder): first value is the mean of `period` true ranges starting at the second bar. */
export function atr(period = 14): Atr {
  return new AtrImpl(period);
}

/** Population standard deviation over `period` values (as TA-Lib STDDEV). */
export function stdDev(period = 20): StdDev {
  return new StdDevImpl(period);
}

/** Bollinger Bands: SMA(period) ± mult · population σ. Warm-up: `period` updates. */
export function bollinger(period = 20, mult = 2): Bollinger {
  return new BollingerImpl(period, mult);
}

sealClasses(TrueRangeImpl, AtrImpl, StdDevImpl, BollingerImpl);
