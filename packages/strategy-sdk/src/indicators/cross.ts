import type { Indicator } from './contract.ts';
import { sealClasses } from './seal.ts';

/** True when `a` moved from at or below `b` to strictly above it between two bars. */
export function crossover(prevA: number, prevB: number, a: number, b: number): boolean {
  return prevA <= prevB && a > b;
}

/** True when `a` moved from at or above `b` to strictly below it between two bars. */
export function crossunder(prevA: number, prevB: number, a: number, b: number): boolean {
  return prevA >= prevB && a < b;
}

/**
 * Stateful cross detector: `update(a, b)` returns 1 on a crossover of `a` above `b`,
 * -1 on a crossunder, 0 otherwise (also while either input is NaN). Ready after the
 * second update with both inputs defined.
 */
export interface Cross extends Indicator {
  update(a: number, b: number): 1 | -1 | 0;
  /** The last result (1, -1 or 0); NaN before the second update. */
  readonly value: number;
}

class CrossImpl implements Cross {
  value = NaN;
  ready = false;
  private pa = NaN;
  private pb = NaN;

  update(a: number, b: number): 1 | -1 | 0 {
    if (a !== a || b !== b) return 0;
    const pa = this.pa;
    const pb = this.pb;
    this.pa = a;
    this.pb = b;
    if (pa !== pa) return 0;
    const v = crossover(pa, pb, a, b) ? 1 : crossunder(pa, pb, a, b) ? -1 : 0;
    this.value = v;
    this.ready = true;
    return v;
  }

  reset(): void {
    this.pa = this.pb = NaN;
    this.value = NaN;
    this.ready = false;
  }
}

/** Creates a stateful cross detector. */
export function cross(): Cross {
  return new CrossImpl();
}

sealClasses(CrossImpl);
