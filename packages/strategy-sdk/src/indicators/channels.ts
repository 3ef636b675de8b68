import type { Bar } from '../types.ts';
import { checkPeriod, checkPositive, type HighLowIndicator, type HlcIndicator } from './contract.ts';
import { SeededEma } from './moving-averages.ts';
import { MonotonicDeque } from './ring.ts';
import { AtrImpl } from './volatility.ts';
import { sealClasses } from './seal.ts';

/** Keltner Channels; `value` = `middle` = EMA of the close (or typical price); bands = middle ± mult·ATR. */
export interface Keltner extends HlcIndicator {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

/** Donchian Channels over `(high, low)`; `value` = `middle`. */
export interface Donchian extends HighLowIndicator {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

/** SuperTrend; `value` is the trailing line, `direction` is 1 (up, line below price) or -1. */
export interface SuperTrend extends HlcIndicator {
  readonly direction: 1 | -1 | 0;
}

class KeltnerImpl implements Keltner {
  value = NaN;
  ready = false;
  upper = NaN;
  middle = NaN;
  lower = NaN;
  private readonly ema: SeededEma;
  private readonly atr: AtrImpl;
  private readonly mult: number;
  private readonly typical: boolean;

  constructor(emaPeriod: number, atrPeriod: number, mult: number, source: KeltnerSource) {
    checkPeriod('keltner', 'emaPeriod', emaPeriod);
    this.typical = source === 'typical';
    checkPositive('keltner', 'mult', mult);
    this.ema = new SeededEma(emaPeriod, 2 / (emaPeriod + 1));
    this.atr = new AtrImpl(atrPeriod);
    this.mult = mult;
  }

  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) return this.value;
    const mid = this.ema.update(this.typical ? (high + low + close) / 3 : close);
    const a = this.atr.update(high, low, close);
    if (this.ema.ready && this.atr.ready) {
      this.middle = this.value = mid;
      this.upper = mid + this.mult * a;
      this.lower = mid - this.mult * a;
      this.ready = true;
    }
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close);
  }

  reset(): void {
    this.ema.reset();
    this.atr.reset();
    this.value = this.upper = this.middle = this.lower = NaN;
    this.ready = false;
  }
}

class DonchianImpl implements Donchian {
  value = NaN;
  ready = false;
  upper = NaN;
  middle = NaN;
  lower = NaN;
  private readonly hi: MonotonicDeque;
  private readonly lo: MonotonicDeque;
  private readonly period: number;

  constructor(period: number) {
    checkPeriod('donchian', 'period', period);
    this.period = period;
    this.hi = new MonotonicDeque(period, true);
    this.lo = new MonotonicDeque(period, false);
  }

  update(high: number, low: number): number {
    if (high !== high || low !== low) return this.value;
    this.hi.push(high);
    this.lo.push(low);
    if (this.hi.count >= this.period) {
      this.upper = this.hi.value;
      this.lower = this.lo.value;
      this.middle = this.value = (this.upper + this.lower) / 2;
      this.ready = true;
    }
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low);
  }

  reset(): void {
    this.hi.clear();
    this.lo.clear();
    this.value = this.upper = this.middle = this.lower = NaN;
    this.ready = false;
  }
}

class SuperTrendImpl implements SuperTrend {
  value = NaN;
  ready = false;
  direction: 1 | -1 | 0 = 0;
  private readonly atr: AtrImpl;
  private readonly mult: number;
  private finalUpper = NaN;
  private finalLower = NaN;
  private prevClose = NaN;

  constructor(period: number, mult: number) {
    checkPositive('superTrend', 'mult', mult);
    this.atr = new AtrImpl(period);
    this.mult = mult;
  }

  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) return this.value;
    const a = this.atr.update(high, low, close);
    const pc = this.prevClose;
    this.prevClose = close;
    if (!this.atr.ready) return this.value;
    const hl2 = (high + low) / 2;
    const basicUpper = hl2 + this.mult * a;
    const basicLower = hl2 - this.mult * a;
    if (!this.ready) {
      this.finalUpper = basicUpper;
      this.finalLower = basicLower;
      // No trend yet: start on the side the close is nearer to breaking.
      this.direction = close > hl2 ? 1 : -1;
    } else {
      // Bands only ratchet toward price, unless the previous close broke through them.
      this.finalUpper = basicUpper < this.finalUpper || pc > this.finalUpper ? basicUpper : this.finalUpper;
      this.finalLower = basicLower > this.finalLower || pc < this.finalLower ? basicLower : this.finalLower;
      if (this.direction === -1 && close > this.finalUpper) this.direction = 1;
      else if (this.direction === 1 && close < this.finalLower) this.direction = -1;
    }
    this.value = this.direction === 1 ? this.finalLower : this.finalUpper;
    this.ready = true;
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close);
  }

  reset(): void {
    this.atr.reset();
    this.finalUpper = this.finalLower = this.prevClose = NaN;
    this.direction = 0;
    this.value = NaN;
    this.ready = false;
  }
}

/** Centre line of Keltner Channels: the close (StockCharts) or the typical price `(H+L+C)/3` (TA-Lib KC, ta4j). */
export type KeltnerSource = 'close' | 'typical';

/**
 * Keltner Channels: EMA(emaPeriod) of `source` ± mult · ATR(atrPeriod).
 * Warm-up: `max(emaPeriod, atrPeriod + 1)` bars.
 */
export function keltner(emaPeriod = 20, atrPeriod = 10, mult = 2, source: KeltnerSource = 'close'): Keltner {
  return new KeltnerImpl(emaPeriod, atrPeriod, mult, source);
}

/** Donchian Channels: highest high / lowest low of the last `period` bars (current bar included). */
export function donchian(period = 20): Donchian {
  return new DonchianImpl(period);
}

/** SuperTrend on hl2 ± mult · ATR(period). Warm-up: `period + 1` bars. */
export function superTrend(period = 10, mult = 3): SuperTrend {
  return new SuperTrendImpl(period, mult);
}

sealClasses(KeltnerImpl, DonchianImpl, SuperTrendImpl);
