import type { Bar } from '../types.ts';
import { checkPeriod, type HighLowIndicator, type HlcIndicator } from './contract.ts';
import { MonotonicDeque } from './ring.ts';
import { sealClasses } from './seal.ts';

/** Wilder's ADX/DMI; `value` = `adx`. Warm-up: `2 * period` bars. */
export interface Adx extends HlcIndicator {
  readonly adx: number;
  readonly plusDI: number;
  readonly minusDI: number;
  readonly dx: number;
}

/** Aroon over `period + 1` bars; `value` = `oscillator` = `up - down`. Warm-up: `period + 1` bars. */
export interface Aroon extends HighLowIndicator {
  readonly up: number;
  readonly down: number;
  readonly oscillator: number;
}

class AdxImpl implements Adx {
  value = NaN;
  ready = false;
  adx = NaN;
  plusDI = NaN;
  minusDI = NaN;
  dx = NaN;
  private readonly n: number;
  private ph = NaN;
  private pl = NaN;
  private pc = NaN;
  private count = 0;
  private tr = 0;
  private pdm = 0;
  private mdm = 0;
  private dxCount = 0;
  private adxAcc = 0;

  constructor(period: number) {
    checkPeriod('adx', 'period', period);
    this.n = period;
  }

  update(high: number, low: number, close: number): number {
    if (high !== high || low !== low || close !== close) return this.value;
    const ph = this.ph;
    const pl = this.pl;
    const pc = this.pc;
    this.ph = high;
    this.pl = low;
    this.pc = close;
    if (pc !== pc) return this.value;
    const up = high - ph;
    const down = pl - low;
    const pdm = up > down && up > 0 ? up : 0;
    const mdm = down > up && down > 0 ? down : 0;
    const tr = (high > pc ? high : pc) - (low < pc ? low : pc);
    const n = this.n;
    if (this.count < n) {
      // Wilder seeds the smoothed sums with a plain sum of the first `period` values.
      this.tr += tr;
      this.pdm += pdm;
      this.mdm += mdm;
      if (++this.count < n) return this.value;
    } else {
      this.tr += tr - this.tr / n;
      this.pdm += pdm - this.pdm / n;
      this.mdm += mdm - this.mdm / n;
    }
    const pdi = this.tr === 0 ? 0 : (100 * this.pdm) / this.tr;
    const mdi = this.tr === 0 ? 0 : (100 * this.mdm) / this.tr;
    const sum = pdi + mdi;
    const dx = sum === 0 ? 0 : (100 * Math.abs(pdi - mdi)) / sum;
    if (this.dxCount < n) {
      this.adxAcc += dx;
      if (++this.dxCount < n) return this.value;
      this.adxAcc /= n;
    } else {
      this.adxAcc = (this.adxAcc * (n - 1) + dx) / n;
    }
    this.adx = this.value = this.adxAcc;
    this.plusDI = pdi;
    this.minusDI = mdi;
    this.dx = dx;
    this.ready = true;
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low, bar.close);
  }

  reset(): void {
    this.ph = this.pl = this.pc = NaN;
    this.count = this.dxCount = 0;
    this.tr = this.pdm = this.mdm = this.adxAcc = 0;
    this.value = this.adx = this.plusDI = this.minusDI = this.dx = NaN;
    this.ready = false;
  }
}

class AroonImpl implements Aroon {
  value = NaN;
  ready = false;
  up = NaN;
  down = NaN;
  oscillator = NaN;
  private readonly n: number;
  private readonly hi: MonotonicDeque;
  private readonly lo: MonotonicDeque;

  constructor(period: number) {
    checkPeriod('aroon', 'period', period);
    this.n = period;
    this.hi = new MonotonicDeque(period + 1, true);
    this.lo = new MonotonicDeque(period + 1, false);
  }

  update(high: number, low: number): number {
    if (high !== high || low !== low) return this.value;
    this.hi.push(high);
    this.lo.push(low);
    if (this.hi.count <= this.n) return this.value;
    const n = this.n;
    this.up = (100 * (n - this.hi.age)) / n;
    this.down = (100 * (n - this.lo.age)) / n;
    this.oscillator = this.value = this.up - this.down;
    this.ready = true;
    return this.value;
  }

  updateBar(bar: Bar): number {
    return this.update(bar.high, bar.low);
  }

  reset(): void {
    this.hi.clear();
    this.lo.clear();
    this.value = this.up = this.down = this.oscillator = NaN;
    this.ready = false;
  }
}

/** Average Directional Index with +DI/-DI/DX (Wilder smoothing, sums seeded over `period` bars). */
export function adx(period = 14): Adx {
  return new AdxImpl(period);
}

/** Aroon up/down: `100 * (period - barsSinceExtreme) / period` over the last `period + 1` bars. */
export function aroon(period = 25): Aroon {
  return new AroonImpl(period);
}

sealClasses(AdxImpl, AroonImpl);
