import { checkPeriod, type SeriesIndicator } from './contract.ts';
import { Ring, RollingSum } from './ring.ts';
import { sealClasses } from './seal.ts';

/** Simple moving average: mean of the last `period` values. Ready after `period` updates. */
export type Sma = SeriesIndicator;
/** Exponential moving average, alpha = 2 / (period + 1), seeded with the SMA of the first `period` values. */
export type Ema = SeriesIndicator;
/** Wilder's smoothing (RMA/SMMA), alpha = 1 / period, seeded with the SMA of the first `period` values. */
export type Rma = SeriesIndicator;
/** Linearly weighted moving average, newest weight `period`, oldest weight 1. */
export type Wma = SeriesIndicator;

class SmaImpl implements Sma {
  value = NaN;
  ready = false;
  private readonly period: number;
  private readonly win: RollingSum;

  constructor(period: number) {
    checkPeriod('sma', 'period', period);
    this.period = period;
    this.win = new RollingSum(period);
  }

  update(x: number): number {
    if (x !== x) return this.value;
    const w = this.win;
    w.push(x);
    if (w.full) {
      this.value = w.sum / this.period;
      this.ready = true;
    }
    return this.value;
  }

  reset(): void {
    this.win.clear();
    this.value = NaN;
    this.ready = false;
  }
}

/** @internal EMA-style recursion `v += alpha * (x - v)` seeded by a simple average of the first `period` inputs. */
export class SeededEma implements SeriesIndicator {
  value = NaN;
  ready = false;
  private readonly period: number;
  private readonly alpha: number;
  private count = 0;
  private seed = 0;

  constructor(period: number, alpha: number) {
    this.period = period;
    this.alpha = alpha;
  }

  update(x: number): number {
    if (x !== x) return this.value;
    if (this.ready) {
      this.value += this.alpha * (x - this.value);
      return this.value;
    }
    this.seed += x;
    if (++this.count === this.period) {
      this.value = this.seed / this.period;
      this.ready = true;
    }
    return this.value;
  }

  reset(): void {
    this.value = NaN;
    this.ready = false;
    this.count = 0;
    this.seed = 0;
  }
}

class WmaImpl implements Wma {
  value = NaN;
  ready = false;
  private readonly period: number;
  private readonly ring: Ring;
  private readonly denom: number;
  private sum = 0;
  private wsum = 0;
  private ops = 0;
  private readonly every: number;

  constructor(period: number) {
    checkPeriod('wma', 'period', period);
    this.period = period;
    this.ring = new Ring(period);
    this.denom = (period * (period + 1)) / 2;
    this.every = Math.max(4096, period * 16);
  }

  update(x: number): number {
    if (x !== x) return this.value;
    const r = this.ring;
    if (r.full) {
      // Every older value loses one unit of weight (that is `- sum`), the new one enters at `period`.
      this.wsum += this.period * x - this.sum;
      this.sum += x - r.push(x);
    } else {
      r.push(x);
      this.sum += x;
      this.wsum += r.length * x;
    }
    if (r.full) {
      if (++this.ops === this.every) this.resync();
      this.value = this.wsum / this.denom;
      this.ready = true;
    }
    return this.value;
  }

  private resync(): void {
    this.ops = 0;
    let s = 0;
    let ws = 0;
    for (let ago = 0; ago < this.period; ago++) {
      const v = this.ring.get(ago);
      s += v;
      ws += (this.period - ago) * v;
    }
    this.sum = s;
    this.wsum = ws;
  }

  reset(): void {
    this.ring.clear();
    this.sum = 0;
    this.wsum = 0;
    this.ops = 0;
    this.value = NaN;
    this.ready = false;
  }
}

/** Simple moving average over `period` values. Warm-up: `period` updates. */
export function sma(period: number): Sma {
  return new SmaImpl(period);
}

/** Exponential moving average (alpha = 2/(period+1)), SMA-seeded like TA-Lib. Warm-up: `period` updates. */
export function ema(period: number): Ema {
  checkPeriod('ema', 'period', period);
  return new SeededEma(period, 2 / (period + 1));
}

/** Wilder's moving average (alpha = 1/period), SMA-seeded. Warm-up: `period` updates. */
export function rma(period: number): Rma {
  checkPeriod('rma', 'period', period);
  return new SeededEma(period, 1 / period);
}

/** Linearly weighted moving average. Warm-up: `period` updates. */
export function wma(period: number): Wma {
  return new WmaImpl(period);
}

sealClasses(SmaImpl, SeededEma, WmaImpl);
