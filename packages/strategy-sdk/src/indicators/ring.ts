import { sealClasses } from './seal.ts';
// Windowed building blocks shared by the indicators. Running sums drift by rounding
// error over millions of updates, so each recomputes its sums exactly from the ring
// every `max(4096, 16 * period)` pushes: amortised O(1/16) extra work per update.

const resyncInterval = (period: number): number => Math.max(4096, period * 16);

/** @internal Fixed-capacity circular buffer; the oldest value is overwritten. */
export class Ring {
  readonly capacity: number;
  readonly data: Float64Array;
  head = 0;
  length = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.data = new Float64Array(capacity);
  }

  /** Appends `x`; returns the value that fell out, or NaN while the ring was not full. */
  push(x: number): number {
    const h = this.head;
    let out = NaN;
    if (this.length === this.capacity) out = this.data[h];
    else this.length++;
    this.data[h] = x;
    this.head = h + 1 === this.capacity ? 0 : h + 1;
    return out;
  }

  /** Value `ago` steps back; 0 is the newest. */
  get(ago: number): number {
    let i = this.head - 1 - ago;
    if (i < 0) i += this.capacity;
    return this.data[i];
  }

  get full(): boolean {
    return this.length === this.capacity;
  }

  sum(): number {
    let s = 0;
    for (let i = 0; i < this.length; i++) s += this.data[i];
    return s;
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
  }
}

/** @internal Sum of the last `period` values. */
export class RollingSum {
  readonly ring: Ring;
  sum = 0;
  private ops = 0;
  private readonly every: number;

  constructor(period: number) {
    this.ring = new Ring(period);
    this.every = resyncInterval(period);
  }

  push(x: number): void {
    const out = this.ring.push(x);
    this.sum += out === out ? x - out : x;
    if (++this.ops === this.every) {
      this.ops = 0;
      this.sum = this.ring.sum();
    }
  }

  get full(): boolean {
    return this.ring.full;
  }

  clear(): void {
    this.ring.clear();
    this.sum = 0;
    this.ops = 0;
  }
}

/**
 * @internal
 * Mean and population variance of the last `period` values. Sums are kept relative to
 * a shift (re-centred on each resync) so that E[x^2] - E[x]^2 does not cancel
 * catastrophically for prices far from zero.
 */
export class RollingMoments {
  readonly ring: Ring;
  private shift = NaN;
  private s1 = 0;
  private s2 = 0;
  private ops = 0;
  private readonly every: number;

  constructor(period: number) {
    this.ring = new Ring(period);
    this.every = resyncInterval(period);
  }

  push(x: number): void {
    if (this.shift !== this.shift) this.shift = x;
    const d = x - this.shift;
    const out = this.ring.push(x);
    if (out === out) {
      const o = out - this.shift;
      this.s1 += d - o;
      this.s2 += d * d - o * o;
    } else {
      this.s1 += d;
      this.s2 += d * d;
    }
    if (++this.ops === this.every) this.resync();
  }

  private resync(): void {
    this.ops = 0;
    const r = this.ring;
    this.shift = r.sum() / r.length;
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < r.length; i++) {
      const d = r.data[i] - this.shift;
      s1 += d;
      s2 += d * d;
    }
    this.s1 = s1;
    this.s2 = s2;
  }

  get full(): boolean {
    return this.ring.full;
  }

  mean(): number {
    return this.shift + this.s1 / this.ring.length;
  }

  variance(): number {
    const n = this.ring.length;
    const v = (this.s2 - (this.s1 * this.s1) / n) / n;
    return v > 0 ? v : 0;
  }

  clear(): void {
    this.ring.clear();
    this.shift = NaN;
    this.s1 = 0;
    this.s2 = 0;
    this.ops = 0;
  }
}

/**
 * @internal
 * Sliding-window maximum (or minimum) over the last `window` pushes, O(1) amortised.
 * On ties the most recent bar wins, which is what Aroon's "bars since the high" needs.
 */
export class MonotonicDeque {
  private readonly vals: Float64Array;
  private readonly idxs: Float64Array;
  private readonly cap: number;
  private readonly window: number;
  private readonly isMax: boolean;
  private head = 0;
  private size = 0;
  private index = -1;

  constructor(window: number, isMax: boolean) {
    this.window = window;
    this.isMax = isMax;
    this.cap = window + 1;
    this.vals = new Float64Array(this.cap);
    this.idxs = new Float64Array(this.cap);
  }

  push(x: number): void {
    const i = ++this.index;
    const cap = this.cap;
    while (this.size > 0) {
      let b = this.head + this.size - 1;
      if (b >= cap) b -= cap;
      const v = this.vals[b];
      if (this.isMax ? v <= x : v >= x) this.size--;
      else break;
    }
    let t = this.head + this.size;
    if (t >= cap) t -= cap;
    this.vals[t] = x;
    this.idxs[t] = i;
    this.size++;
    const minIdx = i - this.window + 1;
    while (this.idxs[this.head] < minIdx) {
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.size--;
    }
  }

  /** Extreme value of the window. */
  get value(): number {
    return this.vals[this.head];
  }

  /** Bars since the extreme value (0 = it is the newest push). */
  get age(): number {
    return this.index - this.idxs[this.head];
  }

  /** Number of values pushed since construction or `clear()`. */
  get count(): number {
    return this.index + 1;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
    this.index = -1;
  }
}

sealClasses(Ring, RollingSum, RollingMoments, MonotonicDeque);
