import type { Bar } from '../types.ts';
import { checkPeriod, type HlcvIndicator, type SeriesIndicator } from './contract.ts';
import { SeededEma, wma } from './moving-averages.ts';
import { Ring, RollingSum } from './ring.ts';
import { sealClasses } from './seal.ts';

/** Double EMA: `2*EMA - EMA(EMA)`. Warm-up: `2*period - 1` updates. */
export type Dema = SeriesIndicator;
/** Triple EMA: `3*E1 - 3*E2 + E3`. Warm-up: `3*period - 2` updates. */
export type Tema = SeriesIndicator;
/** TRIX: 1-bar percent rate of change of a triple-smoothed EMA. Warm-up: `3*period - 1` updates. */
export type Trix = SeriesIndicator;
/** Hull moving average: `WMA(2*WMA(n/2) - WMA(n), floor(sqrt(n)))`. */
export type Hma = SeriesIndicator;
/** Kaufman adaptive moving average. Warm-up: `period + 1` updates. */
export type Kama = SeriesIndicator;
/** Volume-weighted moving average of the close: `sum(close*volume) / sum(volume)`. */
export type Vwma = HlcvIndicator;

const emaOf = (period: number): SeededEma => new SeededEma(period, 2 / (period + 1));

class ChainedEma implements SeriesIndicator {
  value = NaN;
  ready = false;
  private readonly e1: SeededEma;
  private readonly e2: SeededEma;
  private readonly e3: SeededEma | null;
  private readonly kind: 'dema' | 'tema' | 'trix';

  constructor(kind: 'dema' | 'tema' | 'trix', period: number) {
    checkPeriod(kind, 'period', period);
    this.kind = kind;
    this.e1 = emaOf(period);
    this.e2 = emaOf(period);
    this.e3 = kind === 'dema' ? null : emaOf(period);
  }

  update(x: number): number {
    if (x !== x) return this.value;
    const a = this.e1.update(x);
    if (!this.e1.ready) return this.value;
    const b = this.e2.update(a);
    if (!this.e2.ready) return this.value;
    const e3 = this.e3;
    if (e3 === null) {
      this.value = 2 * a - b;
      this.ready = true;
      return this.value;
    }
    const prev = e3.value;
    const c = e3.update(b);
    if (!e3.ready) return this.value;
    if (this.kind === 'tema') {
      this.value = 3 * a - 3 * b + c;
      this.ready = true;
    } else if (prev === prev) {
      this.value = prev === 0 ? 0 : (100 * (c - prev)) / prev;
      this.ready = true;
    }
    return this.value;
  }

  reset(): void {
    this.e1.reset();
    this.e2.reset();
    this.e3?.reset();
    this.value = NaN;
    this.ready = false;
  }
}

class HmaImpl implements Hma {
  value = NaN;
  ready = false;
  private readonly half: SeriesIndicator;
  private readonly full: SeriesIndicator;
  private readonly out: SeriesIndicator;

  constructor(period: number) {
    checkPeriod('hma', 'period', period, 2);
    this.half = wma(Math.floor(period / 2));
    this.full = wma(period);
    this.out = wma(Math.max(1, Math.floor(Math.sqrt(period))));
  }

  update(x: number): number {
    if (x !== x) return this.value;
    const h = this.half.update(x);
    const f = this.full.update(x);
    if (!this.full.ready) return this.value;
    this.out.update(2 * h - f);
    if (this.out.ready) {
      this.value = this.out.value;
      this.ready = true;
    }
    return this.value;
  }

  reset(): void {
    this.half.reset();
    this.full.reset();
    this.out.reset();
    this.value = NaN;
    this.ready = false;
  }
}

class KamaImpl implements Kama {
  value = NaN;
  ready = false;
  private readonly prices: Ring;
  private readonly noise: RollingSum;
  private readonly fastSc: number;
  private readonly slowSc: number;

  constructor(period: number, fast: number, slow: number) {
    checkPeriod('kama', 'period', period);
    checkPeriod('kama', 'fast', fast);
    checkPeriod('kama', 'slow', slow);
    this.prices = new Ring(period + 1);
    this.noise = new RollingSum(period);
    this.fastSc = 2 / (fast + 1);
    this.slowSc = 2 / (slow + 1);
  }

  update(x: number): number {
    if (x !== x) return this.value;
    const p = this.prices;
    if (p.length > 0) this.noise.push(Math.abs(x - p.get(0)));
    const prevPrice = p.length > 0 ? p.get(0) : NaN;
    p.push(x);
    if (!p.full) return this.value;
    // Efficiency ratio: net move over the sum of absolute moves (1 when every move is the same way or none).
    const net = Math.abs(x - p.get(p.capacity - 1));
    const noise = this.noise.sum;
    const er = noise <= net || noise === 0 ? 1 : net / noise;
    const sc = er * (this.fastSc - this.slowSc) + this.slowSc;
    const prev = this.ready ? this.value : prevPrice;
    this.value = prev + sc * sc * (x - prev);
    this.ready = true;
    return this.value;
  }

  reset(): void {
    this.prices.clear();
    this.noise.clear();
    this.value = NaN;
    this.ready = false;
  }
}

class VwmaImpl implements Vwma {
  value = NaN;
  ready = false;
  private readonly pv: RollingSum;
  private readonly vol: RollingSum;

  constructor(period: number) {
    checkPeriod('vwma', 'period', period);
    this.pv = new RollingSum(period);
    this.vol = new RollingSum(period);
  }

  update(_high: number, _low: number, close: number, volume: number): number {
    if (close !== close || volume !== volume) return this.value;
    this.pv.push(close * volume);
    this.vol.push(volume);
    if (this.vol.full) {
      const v = this.vol.sum;
      this.value = v === 0 ? close : this.pv.sum / v;
      this.ready = true;
    }
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close, bar.volume);
  }

  reset(): void {
    this.pv.clear();
    this.vol.clear();
    this.value = NaN;
    this.ready = false;
  }
}

/** Double exponential moving average. */
export function dema(period: number): Dema {
  return new ChainedEma('dema', period);
}

/** Triple exponential moving average. */
export function tema(period: number): Tema {
  return new ChainedEma('tema', period);
}

/** TRIX in percent: `100 * (E3 - E3[1]) / E3[1]` where E3 is EMA(EMA(EMA(x))). */
export function trix(period: number): Trix {
  return new ChainedEma('trix', period);
}

/** Hull moving average (period >= 2). Warm-up: `period + floor(sqrt(period)) - 1` updates. */
export function hma(period: number): Hma {
  return new HmaImpl(period);
}

/** Kaufman adaptive MA; smoothing constant `(ER*(2/(fast+1) - 2/(slow+1)) + 2/(slow+1))^2`, seeded with the previous close. */
export function kama(period = 10, fast = 2, slow = 30): Kama {
  return new KamaImpl(period, fast, slow);
}

/** Volume-weighted moving average of the close; update with `(high, low, close, volume)`. Warm-up: `period` bars. */
export function vwma(period: number): Vwma {
  return new VwmaImpl(period);
}

sealClasses(ChainedEma, HmaImpl, KamaImpl, VwmaImpl);
