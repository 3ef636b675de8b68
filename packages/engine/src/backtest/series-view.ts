import type { Bar, BarField, SeriesView } from '@strata/strategy-sdk';
import type { BarColumns } from '../contract.ts';

/**
 * A strategy's window on one series. `length` is the number of bars closed by the current step
 * (kept by the SeriesSet), never more; history beyond `maxLookback` is hidden so that a backtest
 * sees exactly what a live run holding `maxLookback` bars would.
 */
export class SeriesViewImpl implements SeriesView {
  readonly symbol: string;
  readonly timeframe: string;
  // `#` fields: user code holding the view cannot reach the full columns (future bars) or the cursor.
  readonly #cols: BarColumns;
  readonly #visible: Int32Array;
  readonly #k: number;
  readonly #maxLookback: number;

  constructor(symbol: string, timeframe: string, cols: BarColumns, visible: Int32Array, k: number, maxLookback: number) {
    this.symbol = symbol;
    this.timeframe = timeframe;
    this.#cols = cols;
    this.#visible = visible;
    this.#k = k;
    this.#maxLookback = maxLookback;
  }

  get length(): number {
    return this.#visible[this.#k];
  }

  /** A snapshot (a new frozen object) of the bar `ago` bars back; undefined outside the window. */
  bar(ago = 0): Bar | undefined {
    const idx = this.#visible[this.#k] - 1 - ago;
    if (ago < 0 || ago >= this.#maxLookback || idx < 0) return undefined;
    const c = this.#cols;
    return Object.freeze({ time: c.time[idx], open: c.open[idx], high: c.high[idx], low: c.low[idx], close: c.close[idx], volume: c.volume[idx] });
  }

  values(field: BarField, lookback: number): Float64Array {
    const end = this.#visible[this.#k];
    const n = Math.max(0, Math.min(Math.floor(lookback), this.#maxLookback, end));
    return this.#cols[field].slice(end - n, end);
  }
}

/**
 * `ctx.bar`: one object per run whose getters read the primary series at the run's cursor
 * (`cursor[0]`, written by the engine each step). Private fields keep user code from moving the
 * cursor or reading the columns ahead.
 */
export class LiveBar implements Bar {
  readonly #c: BarColumns;
  readonly #cur: Int32Array;
  constructor(cols: BarColumns, cursor: Int32Array) {
    this.#c = cols;
    this.#cur = cursor;
  }
  get time(): number { return this.#c.time[this.#cur[0]]; }
  get open(): number { return this.#c.open[this.#cur[0]]; }
  get high(): number { return this.#c.high[this.#cur[0]]; }
  get low(): number { return this.#c.low[this.#cur[0]]; }
  get close(): number { return this.#c.close[this.#cur[0]]; }
  get volume(): number { return this.#c.volume[this.#cur[0]]; }
}
