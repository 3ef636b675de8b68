import type { Bar } from '../types.ts';

/**
 * What every streaming indicator promises.
 *
 * - `update(...)` consumes one new observation in O(1) amortised time (CCI is the one
 *   exception: mean deviation is O(period) by definition) and returns the new `value`.
 * - `value` is the primary output. It is `NaN` until `ready`; every secondary output
 *   (fields such as `signal`, `upper`, `d`) is also `NaN` until `ready`.
 * - `ready` turns true once all outputs are defined and stays true until `reset()`.
 * - An update whose required inputs contain `NaN` is ignored and returns the current
 *   value, so indicators can be chained through another indicator's warm-up.
 * - Updates never allocate; multi-output indicators expose their outputs as fields of
 *   the indicator object itself, overwritten in place on every update.
 * - `reset()` forgets all history, returning to the freshly constructed state.
 */
export interface Indicator {
  /** Latest primary output; `NaN` until `ready`. */
  readonly value: number;
  /** True once every output is defined. */
  readonly ready: boolean;
  /** Forget all history. */
  reset(): void;
}

/** An indicator over one number per step (usually a close). */
export interface SeriesIndicator extends Indicator {
  update(x: number): number;
}

/**
 * An indicator over bar fields. Arguments always come in the order
 * `(high, low, close, volume)`; an indicator takes only the leading ones it needs
 * (a high/low indicator takes `(high, low)`). `updateBar(bar)` passes them from a `Bar`.
 */
export interface HighLowIndicator extends Indicator {
  update(high: number, low: number): number;
  updateBar(bar: Bar): number;
}

/** Bar indicator over `(high, low, close)`. */
export interface HlcIndicator extends Indicator {
  update(high: number, low: number, close: number): number;
  updateBar(bar: Bar): number;
}

/** Bar indicator over `(high, low, close, volume)`. */
export interface HlcvIndicator extends Indicator {
  update(high: number, low: number, close: number, volume: number): number;
  updateBar(bar: Bar): number;
}

/** Thrown by an indicator factory given an invalid parameter. `code` is stable. */
export class IndicatorParamError extends RangeError {
  readonly code = 'INDICATOR_BAD_PARAM';
  readonly indicator: string;
  readonly param: string;
  constructor(indicator: string, param: string, expected: string, received: unknown) {
    super(`ta.${indicator}: ${param} must be ${expected}, received ${String(received)}`);
    this.name = 'IndicatorParamError';
    this.indicator = indicator;
    this.param = param;
  }
}

/** Periods are whole numbers of bars, at least `min`. */
export function checkPeriod(indicator: string, param: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new IndicatorParamError(indicator, param, `an integer >= ${min}`, value);
  }
}

export function checkPositive(indicator: string, param: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new IndicatorParamError(indicator, param, 'a finite number > 0', value);
  }
}
