import type { Bar } from '../types.ts';
import { checkPeriod, type HlcIndicator, type SeriesIndicator } from './contract.ts';
import { sma } from './moving-averages.ts';
import { MonotonicDeque, RollingSum } from './ring.ts';
import { sealClasses } from './seal.ts';

/** Wilder's RSI, 0..100. Warm-up: `period + 1` updates (period price changes). */
export type Rsi = SeriesIndicator;

/** Stochastic oscillator; `value` (= `k`) is the smoothed %K, `d` its SMA. 0..100. */
export interface Stoch extends HlcIndicator {
  readonly k: number;
  readonly d: number;
}

/** Stochastic of RSI; `value` (= `k`), `d`. 0..100. */
export interface StochRsi extends SeriesIndicator {
  readonly k: number;
  readonly d: number;
}

/** Commodity Channel Index on the typical price. Warm-up: `period` bars. O(period) per update. */
export type Cci = HlcIndicator;
/** Williams %R, -100..0. Warm-up: `period` bars. */
export type WilliamsR = HlcIndicator;

class RsiImpl implements Rsi {
  value = NaN;
  ready = false;
  private readonly period: number;
  private prev = NaN;
  private count = 0;
  private gain = 0;
  private loss = 0;

  constructor(period: number) {
    checkPeriod('rsi', 'period', period);
    this.period = period;
  }

  update(x: number): number {
    if (x !== x) return this.value;
    const prev = this.prev;
    this.prev = x;
    if (prev !== prev) return this.value;
    const ch = x - prev;
    const g = ch > 0 ? ch : 0;
    const l = ch < 0 ? -ch : 0;
    const n = this.period;
    if (this.count < n) {
      this.gain += g;
      this.loss += l;
      if (++this.count < n) return this.value;
      this.gain /= n;
      this.loss /= n;
    } else {
      this.gain = (this.gain * (n - 1) + g) / n;
      this.loss = (this.loss * (n - 1) + l) / n;
    }
    const total = this.gain + this.loss;
    // A perfectly flat window has no direction: report the neutral midpoint.
    this.value = total === 0 ? 50 : (100 * this.gain) / total;
    this.ready = true;
    return this.value;
  }

  reset(): void {
    this.prev = NaN;
    this.count = 0;
    this.gain = 0;
    this.loss = 0;
    this.value = NaN;
    this.ready = false;
  }
}

/** Raw %K over a window of highs/lows; a zero-range window reports the midpoint 50. */
class RawStoch {
  private readonly hi: MonotonicDeque;
  private readonly lo: MonotonicDeque;
  private readonly period: number;

  constructor(period: number) {
    this.period = period;
    this.hi = new MonotonicDeque(period, true);
    this.lo = new MonotonicDeque(period, false);
  }

  update(high: number, low: number, close: number): number {
    this.hi.push(high);
    this.lo.push(low);
    if (this.hi.count < this.period) return NaN;
    const hh = this.hi.value;
    const ll = this.lo.value;
    return hh === ll ? 50 : (100 * (close - ll)) / (hh - ll);
  }

  clear(): void {
    this.hi.clear();
    this.lo.clear();
  }
}

class StochImpl implements Stoch {
  value = NaN;
  ready = false;
  k = NaN;
  d = NaN;
  private readonly raw: RawStoch;
  private readonly kSma: SeriesIndicator;
  private readonly dSma: SeriesIndicator;

  constructor(name: string, kPeriod: number, kSmooth: number, dPeriod: number) {
    checkPeriod(name, 'kPeriod', kPeriod);
    checkPeriod(name, 'kSmooth', kSmooth);
    checkPeriod(name, 'dPeriod', dPeriod);
    this.raw = new RawStoch(kPeriod);
    this.kSma = sma(kSmooth);
    this.dSma = sma(dPeriod);
  }

  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) return this.value;
    const k = this.kSma.update(this.raw.update(high, low, close));
    const d = this.dSma.update(k);
    if (this.dSma.ready) {
      this.k = this.value = k;
      this.d = d;
      this.ready = true;
    }
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close);
  }

  reset(): void {
    this.raw.clear();
    this.kSma.reset();
    this.dSma.reset();
    this.value = this.k = this.d = NaN;
    this.ready = false;
  }
}

class StochRsiImpl implements StochRsi {
  value = NaN;
  ready = false;
  k = NaN;
  d = NaN;
  private readonly rsi: RsiImpl;
  private readonly stoch: StochImpl;

  constructor(rsiPeriod: number, stochPeriod: number, kSmooth: number, dPeriod: number) {
    this.rsi = new RsiImpl(rsiPeriod);
    this.stoch = new StochImpl('stochRsi', stochPeriod, kSmooth, dPeriod);
  }

  update(x: number): number {
    const r = this.rsi.update(x);
    if (!this.rsi.ready || x !== x) return this.value;
    this.stoch.update(r, r, r);
    if (this.stoch.ready) {
      this.k = this.value = this.stoch.k;
      this.d = this.stoch.d;
      this.ready = true;
    }
    return this.value;
  }

  reset(): void {
    this.rsi.reset();
    this.stoch.reset();
    this.value = this.k = this.d = NaN;
    this.ready = false;
  }
}

class CciImpl implements Cci {
  value = NaN;
  ready = false;
  private readonly tp: RollingSum;
  private readonly period: number;

  constructor(period: number) {
    checkPeriod('cci', 'period', period);
    this.period = period;
    this.tp = new RollingSum(period);
  }

  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) return this.value;
    const tp = (high + low + close) / 3;
    this.tp.push(tp);
    if (!this.tp.full) return this.value;
    const mean = this.tp.sum / this.period;
    // Mean absolute deviation has no running form: one pass over the window.
    const data = this.tp.ring.data;
    let dev = 0;
    for (let i = 0; i < this.period; i++) dev += Math.abs(data[i] - mean);
    dev /= this.period;
    const diff = tp - mean;
    this.value = dev === 0 || Math.abs(diff) <= 1e-12 * Math.abs(mean) ? 0 : diff / (0.015 * dev);
    this.ready = true;
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close);
  }

  reset(): void {
    this.tp.clear();
    this.value = NaN;
    this.ready = false;
  }
}

class WilliamsRImpl implements WilliamsR {
  value = NaN;
  ready = false;
  private readonly raw: RawStoch;

  constructor(period: number) {
    checkPeriod('williamsR', 'period', period);
    this.raw = new RawStoch(period);
  }

  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) return this.value;
    const k = this.raw.update(high, low, close);
    if (k === k) {
      this.value = k - 100;
      this.ready = true;
    }
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close);
  }

  reset(): void {
    this.raw.clear();
    this.value = NaN;
    this.ready = false;
  }
}

/** Wilder's Relative Strength Index. */
export function rsi(period = 14): Rsi {
  return new RsiImpl(period);
}

/** Stochastic: raw %K over `kPeriod`, smoothed by SMA(`kSmooth`) into `k`, `d` = SMA(`dPeriod`) of `k`. Warm-up: `kPeriod + kSmooth + dPeriod - 2` bars. */
export function stoch(kPeriod = 14, kSmooth = 3, dPeriod = 3): Stoch {
  return new StochImpl('stoch', kPeriod, kSmooth, dPeriod);
}

/** Stochastic RSI: the stochastic formula applied to RSI values. Warm-up: `rsiPeriod + stochPeriod + kSmooth + dPeriod - 2` updates. */
export function stochRsi(rsiPeriod = 14, stochPeriod = 14, kSmooth = 3, dPeriod = 3): StochRsi {
  return new StochRsiImpl(rsiPeriod, stochPeriod, kSmooth, dPeriod);
}

/** Commodity Channel Index: `(TP - SMA(TP)) / (0.015 * meanDeviation(TP))`. */
export function cci(period = 20): Cci {
  return new CciImpl(period);
}

/** Williams %R: `-100 * (HH - close) / (HH - LL)` over `period` bars (-50 on a zero range). */
export function williamsR(period = 14): WilliamsR {
  return new WilliamsRImpl(period);
}

sealClasses(RsiImpl, RawStoch, StochImpl, StochRsiImpl, CciImpl, WilliamsRImpl);
