import type { Bar } from '../types.ts';
import { checkPeriod, checkPositive, type HlcvIndicator, type Indicator } from './contract.ts';
import { RollingSum } from './ring.ts';
import { sealClasses } from './seal.ts';

/** On-Balance Volume; starts at the first bar's volume (as TA-Lib). Ready from the first bar. */
export type Obv = HlcvIndicator;
/** Money Flow Index, 0..100. Warm-up: `period + 1` bars. */
export type Mfi = HlcvIndicator;
/** Chaikin Money Flow, -1..1. Warm-up: `period` bars. */
export type Cmf = HlcvIndicator;

/**
 * Cumulative VWAP of the typical price `(high + low + close) / 3`. Anchor it by calling
 * `reset()` at the anchor bar, or give `sessionMs` and pass each bar's time as the fifth
 * argument: the sums restart whenever `floor(time / sessionMs)` changes (UTC sessions).
 * `updateBar` passes `bar.time`.
 */
export interface Vwap extends Indicator {
  update(high: number, low: number, close: number, volume: number, time?: number): number;
  updateBar(bar: Bar): number;
}

export interface VwapOptions {
  /** Session length in ms, e.g. 86_400_000 for daily VWAP reset at 00:00 UTC. */
  sessionMs?: number;
}

class ObvImpl implements Obv {
  value = NaN;
  ready = false;
  private prevClose = NaN;

  update(_high: number, _low: number, close: number, volume: number): number {
    if (close !== close || volume !== volume) return this.value;
    const pc = this.prevClose;
    this.prevClose = close;
    if (pc !== pc) this.value = volume;
    else if (close > pc) this.value += volume;
    else if (close < pc) this.value -= volume;
    this.ready = true;
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close, bar.volume);
  }

  reset(): void {
    this.prevClose = NaN;
    this.value = NaN;
    this.ready = false;
  }
}

class MfiImpl implements Mfi {
  value = NaN;
  ready = false;
  private readonly pos: RollingSum;
  private readonly neg: RollingSum;
  private prevTp = NaN;

  constructor(period: number) {
    checkPeriod('mfi', 'period', period);
    this.pos = new RollingSum(period);
    this.neg = new RollingSum(period);
  }

  update(high: number, low: number, close: number, volume: number): number {
    if (high !== high || low !== low || close !== close || volume !== volume) return this.value;
    const tp = (high + low + close) / 3;
    const prev = this.prevTp;
    this.prevTp = tp;
    if (prev !== prev) return this.value;
    const flow = tp * volume;
    this.pos.push(tp > prev ? flow : 0);
    this.neg.push(tp < prev ? flow : 0);
    if (!this.pos.full) return this.value;
    const p = this.pos.sum;
    const total = p + this.neg.sum;
    // Rolling sums can leave tiny residue around zero; clamp into the oscillator's range.
    const v = total > 0 ? (100 * p) / total : 50;
    this.value = v < 0 ? 0 : v > 100 ? 100 : v;
    this.ready = true;
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close, bar.volume);
  }

  reset(): void {
    this.pos.clear();
    this.neg.clear();
    this.prevTp = NaN;
    this.value = NaN;
    this.ready = false;
  }
}

class CmfImpl implements Cmf {
  value = NaN;
  ready = false;
  private readonly mfv: RollingSum;
  private readonly vol: RollingSum;

  constructor(period: number) {
    checkPeriod('cmf', 'period', period);
    this.mfv = new RollingSum(period);
    this.vol = new RollingSum(period);
  }

  update(high: number, low: number, close: number, volume: number): number {
    if (high !== high || low !== low || close !== close || volume !== volume) return this.value;
    const range = high - low;
    const mult = range === 0 ? 0 : (close - low - (high - close)) / range;
    this.mfv.push(mult * volume);
    this.vol.push(volume);
    if (this.vol.full) {
      const v = this.vol.sum;
      this.value = v === 0 ? 0 : this.mfv.sum / v;
      this.ready = true;
    }
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close, bar.volume);
  }

  reset(): void {
    this.mfv.clear();
    this.vol.clear();
    this.value = NaN;
    this.ready = false;
  }
}

class VwapImpl implements Vwap {
  value = NaN;
  ready = false;
  private readonly sessionMs: number;
  private session = NaN;
  private pv = 0;
  private vol = 0;

  constructor(opts: VwapOptions) {
    this.sessionMs = opts.sessionMs ?? 0;
    if (opts.sessionMs !== undefined) checkPositive('vwap', 'sessionMs', opts.sessionMs);
  }

  update(high: number, low: number, close: number, volume: number, time?: number): number {
    if (high !== high || low !== low || close !== close || volume !== volume) return this.value;
    if (this.sessionMs > 0 && time !== undefined) {
      const s = Math.floor(time / this.sessionMs);
      if (s !== this.session) {
        this.session = s;
        this.pv = 0;
        this.vol = 0;
        this.value = NaN;
        this.ready = false;
      }
    }
    this.pv += ((high + low + close) / 3) * volume;
    this.vol += volume;
    if (this.vol > 0) {
      this.value = this.pv / this.vol;
      this.ready = true;
    }
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close, bar.volume, bar.time);
  }

  reset(): void {
    this.session = NaN;
    this.pv = 0;
    this.vol = 0;
    this.value = NaN;
    this.ready = false;
  }
}

/** On-Balance Volume; update with `(high, low, close, volume)`. */
export function obv(): Obv {
  return new ObvImpl();
}

/** Money Flow Index: `100 * positiveFlow / (positiveFlow + negativeFlow)` over `period` typical-price changes (50 when no flow). */
export function mfi(period = 14): Mfi {
  return new MfiImpl(period);
}

/** Chaikin Money Flow: `sum(((C-L)-(H-C))/(H-L) * V) / sum(V)` over `period` bars. */
export function cmf(period = 20): Cmf {
  return new CmfImpl(period);
}

/** Session or anchored VWAP (see `Vwap`). Ready from the first bar with volume. */
export function vwap(opts: VwapOptions = {}): Vwap {
  return new VwapImpl(opts);
}

sealClasses(ObvImpl, MfiImpl, CmfImpl, VwapImpl);
