import { checkPeriod, type SeriesIndicator } from './contract.ts';
import { SeededEma } from './moving-averages.ts';
import { Ring } from './ring.ts';
import { sealClasses } from './seal.ts';

/**
 * MACD. `value` (= `macd`) is `EMA(fast) - EMA(slow)`; `signal` is the EMA of it over
 * `signalPeriod`; `histogram = macd - signal`. Warm-up: `slow + signalPeriod - 1` updates.
 */
export interface Macd extends SeriesIndicator {
  readonly macd: number;
  readonly signal: number;
  readonly histogram: number;
}

/** Rate of change in percent: `100 * (x - x[period]) / x[period]`. Warm-up: `period + 1`. */
export type Roc = SeriesIndicator;
/** Momentum: `x - x[period]`. Warm-up: `period + 1`. */
export type Momentum = SeriesIndicator;

class MacdImpl implements Macd {
  value = NaN;
  ready = false;
  macd = NaN;
  signal = NaN;
  histogram = NaN;
  private readonly fast: SeededEma;
  private readonly slow: SeededEma;
  private readonly sig: SeededEma;

  constructor(fast: number, slow: number, signal: number) {
    checkPeriod('macd', 'fast', fast);
    checkPeriod('macd', 'slow', slow);
    checkPeriod('macd', 'signal', signal);
    this.fast = new SeededEma(fast, 2 / (fast + 1));
    this.slow = new SeededEma(slow, 2 / (slow + 1));
    this.sig = new SeededEma(signal, 2 / (signal + 1));
  }

  update(x: number): number {
    if (x !== x) return this.value;
    const f = this.fast.update(x);
    const s = this.slow.update(x);
    if (!this.fast.ready || !this.slow.ready) return this.value;
    const m = f - s;
    const sig = this.sig.update(m);
    if (this.sig.ready) {
      this.macd = m;
      this.signal = sig;
      this.histogram = m - sig;
      this.value = m;
      this.ready = true;
    }
    return this.value;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.sig.reset();
    this.value = this.macd = this.signal = this.histogram = NaN;
    this.ready = false;
  }
}

class LagImpl implements SeriesIndicator {
  value = NaN;
  ready = false;
  private readonly ring: Ring;
  private readonly percent: boolean;

  constructor(name: string, period: number, percent: boolean) {
    checkPeriod(name, 'period', period);
    this.ring = new Ring(period + 1);
    this.percent = percent;
  }

  update(x: number): number {
    if (x !== x) return this.value;
    const r = this.ring;
    r.push(x);
    if (!r.full) return this.value;
    const old = r.get(r.capacity - 1);
    this.value = this.percent ? (old === 0 ? 0 : (100 * (x - old)) / old) : x - old;
    this.ready = true;
    return this.value;
  }

  reset(): void {
    this.ring.clear();
    this.value = NaN;
    this.ready = false;
  }
}

/** MACD with EMAs started from the first update (not TA-Lib's aligned start). */
export function macd(fast = 12, slow = 26, signal = 9): Macd {
  return new MacdImpl(fast, slow, signal);
}

/** Rate of change in percent (0 when the old value is 0). */
export function roc(period = 10): Roc {
  return new LagImpl('roc', period, true);
}

/** Momentum (difference over `period` steps). */
export function momentum(period = 10): Momentum {
  return new LagImpl('momentum', period, false);
}

sealClasses(MacdImpl, LagImpl);
