import type { Bar } from '../types.ts';
import { checkPeriod, checkPositive, type HighLowIndicator, type HlcIndicator, type SeriesIndicator } from './contract.ts';
import { MonotonicDeque, Ring } from './ring.ts';
import { sealClasses } from './seal.ts';

/** Wilder's Parabolic SAR over `(high, low)`. Warm-up: 2 bars. */
export interface Psar extends HighLowIndicator {
  /** 1 while long (SAR below price), -1 while short. */
  readonly direction: 1 | -1 | 0;
  /** The SAR for the next bar, i.e. the stop to place now. */
  readonly next: number;
}

/** Ichimoku Kinko Hyo over `(high, low, close)`; `value` = `kijun`. */
export interface Ichimoku extends HlcIndicator {
  /** Conversion line: midpoint of the last `tenkanPeriod` bars. */
  readonly tenkan: number;
  /** Base line: midpoint of the last `kijunPeriod` bars. */
  readonly kijun: number;
  /** Leading span A computed now (it is plotted `displacement` bars ahead). */
  readonly spanA: number;
  /** Leading span B computed now (plotted `displacement` bars ahead). */
  readonly spanB: number;
  /** Span A computed `displacement` bars ago: the cloud edge at the current bar. */
  readonly cloudA: number;
  /** Span B computed `displacement` bars ago: the cloud edge at the current bar. */
  readonly cloudB: number;
  /** Lagging span: the current close (plotted `displacement` bars back). */
  readonly lagging: number;
}

/** Highest (or lowest) value of the last `period` updates, current one included. */
export type Extreme = SeriesIndicator;

class PsarImpl implements Psar {
  value = NaN;
  ready = false;
  direction: 1 | -1 | 0 = 0;
  next = NaN;
  private readonly step: number;
  private readonly max: number;
  private af = 0;
  private ep = NaN;
  private ph = NaN;
  private pl = NaN;

  constructor(step: number, max: number) {
    checkPositive('psar', 'step', step);
    checkPositive('psar', 'max', max);
    this.step = step;
    this.max = Math.max(step, max);
  }

  update(high: number, low: number): number {
    if (high !== high || low !== low) return this.value;
    const ph = this.ph;
    const pl = this.pl;
    this.ph = high;
    this.pl = low;
    if (ph !== ph) return this.value;
    if (this.direction === 0) {
      // Second bar: Wilder starts short only when the bar shows clear downward movement.
      const down = pl - low;
      const up = high - ph;
      const short = down > 0 && up < down;
      this.direction = short ? -1 : 1;
      this.next = short ? ph : pl;
      this.ep = short ? low : high;
      this.af = this.step;
      this.advance(high, low, high, low);
    } else {
      this.advance(high, low, ph, pl);
    }
    this.ready = true;
    return this.value;
  }

  /** One Wilder step: report the SAR for this bar (or the reversal), then project the next one. */
  private advance(high: number, low: number, ph: number, pl: number): void {
    let sar = this.next;
    if (this.direction === 1) {
      if (low <= sar) {
        this.direction = -1;
        sar = Math.max(this.ep, ph, high);
        this.value = sar;
        this.af = this.step;
        this.ep = low;
        sar += this.af * (this.ep - sar);
        sar = Math.max(sar, ph, high);
      } else {
        this.value = sar;
        if (high > this.ep) {
          this.ep = high;
          this.af = Math.min(this.af + this.step, this.max);
        }
        sar += this.af * (this.ep - sar);
        sar = Math.min(sar, pl, low);
      }
    } else if (high >= sar) {
      this.direction = 1;
      sar = Math.min(this.ep, pl, low);
      this.value = sar;
      this.af = this.step;
      this.ep = high;
      sar += this.af * (this.ep - sar);
      sar = Math.min(sar, pl, low);
    } else {
      this.value = sar;
      if (low < this.ep) {
        this.ep = low;
        this.af = Math.min(this.af + this.step, this.max);
      }
      sar += this.af * (this.ep - sar);
      sar = Math.max(sar, ph, high);
    }
    this.next = sar;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low);
  }

  reset(): void {
    this.ph = this.pl = this.ep = this.next = NaN;
    this.af = 0;
    this.direction = 0;
    this.value = NaN;
    this.ready = false;
  }
}

class MidRange {
  private readonly hi: MonotonicDeque;
  private readonly lo: MonotonicDeque;
  private readonly period: number;

  constructor(period: number) {
    this.period = period;
    this.hi = new MonotonicDeque(period, true);
    this.lo = new MonotonicDeque(period, false);
  }

  push(high: number, low: number): number {
    this.hi.push(high);
    this.lo.push(low);
    return this.hi.count >= this.period ? (this.hi.value + this.lo.value) / 2 : NaN;
  }

  clear(): void {
    this.hi.clear();
    this.lo.clear();
  }
}

class IchimokuImpl implements Ichimoku {
  value = NaN;
  ready = false;
  tenkan = NaN;
  kijun = NaN;
  spanA = NaN;
  spanB = NaN;
  cloudA = NaN;
  cloudB = NaN;
  lagging = NaN;
  private readonly t: MidRange;
  private readonly k: MidRange;
  private readonly b: MidRange;
  private readonly pastA: Ring;
  private readonly pastB: Ring;

  constructor(tenkan: number, kijun: number, senkouB: number, displacement: number) {
    checkPeriod('ichimoku', 'tenkan', tenkan);
    checkPeriod('ichimoku', 'kijun', kijun);
    checkPeriod('ichimoku', 'senkouB', senkouB);
    checkPeriod('ichimoku', 'displacement', displacement);
    this.t = new MidRange(tenkan);
    this.k = new MidRange(kijun);
    this.b = new MidRange(senkouB);
    this.pastA = new Ring(displacement + 1);
    this.pastB = new Ring(displacement + 1);
  }

  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) return this.value;
    const t = this.t.push(high, low);
    const k = this.k.push(high, low);
    const a = (t + k) / 2;
    const b = this.b.push(high, low);
    this.pastA.push(a);
    this.pastB.push(b);
    if (!this.pastB.full) return this.value;
    const ca = this.pastA.get(this.pastA.capacity - 1);
    const cb = this.pastB.get(this.pastB.capacity - 1);
    if (ca !== ca || cb !== cb) return this.value;
    this.tenkan = t;
    this.kijun = this.value = k;
    this.spanA = a;
    this.spanB = b;
    this.cloudA = ca;
    this.cloudB = cb;
    this.lagging = close;
    this.ready = true;
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close);
  }

  reset(): void {
    this.t.clear();
    this.k.clear();
    this.b.clear();
    this.pastA.clear();
    this.pastB.clear();
    this.value = this.tenkan = this.kijun = this.spanA = this.spanB = this.cloudA = this.cloudB = this.lagging = NaN;
    this.ready = false;
  }
}

class ExtremeImpl implements Extreme {
  value = NaN;
  ready = false;
  private readonly dq: MonotonicDeque;
  private readonly period: number;

  constructor(name: string, period: number, isMax: boolean) {
    checkPeriod(name, 'period', period);
    this.period = period;
    this.dq = new MonotonicDeque(period, isMax);
  }

  update(x: number): number {
    if (x !== x) return this.value;
    this.dq.push(x);
    if (this.dq.count >= this.period) {
      this.value = this.dq.value;
      this.ready = true;
    }
    return this.value;
  }

  reset(): void {
    this.dq.clear();
    this.value = NaN;
    this.ready = false;
  }
}

/** Parabolic SAR (Wilder), acceleration `step` up to `max`; initial direction from the second bar's directional movement (as TA-Lib). */
export function psar(step = 0.02, max = 0.2): Psar {
  return new PsarImpl(step, max);
}

/** Ichimoku: tenkan/kijun/senkou-B midpoints and the displaced cloud. Warm-up: `senkouB + displacement` bars. */
export function ichimoku(tenkan = 9, kijun = 26, senkouB = 52, displacement = 26): Ichimoku {
  return new IchimokuImpl(tenkan, kijun, senkouB, displacement);
}

/** Highest value of the last `period` updates. */
export function highest(period: number): Extreme {
  return new ExtremeImpl('highest', period, true);
}

/** Lowest value of the last `period` updates. */
export function lowest(period: number): Extreme {
  return new ExtremeImpl('lowest', period, false);
}

sealClasses(PsarImpl, MidRange, IchimokuImpl, ExtremeImpl);
