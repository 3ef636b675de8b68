import { drawdownOf } from './passes.ts';

/**
 * Drawdown series: dd[t] = E[t] / peak[t] - 1 (<= 0), where peak[t] = max(initial, E[0..t]).
 */
export function drawdownSeries(equity: ArrayLike<number>, initial: number): Float64Array {
  const dd = new Float64Array(equity.length);
  let peak = initial;
  for (let t = 0; t < equity.length; t++) {
    if (equity[t] > peak) peak = equity[t];
    dd[t] = peak > 0 ? equity[t] / peak - 1 : 0;
  }
  return dd;
}

export interface DrawdownStats {
  /** Deepest drawdown as a positive fraction (0.25 = 25% below the peak). */
  maxDrawdown: number;
  /** Longest underwater spell in bars (bars with equity below the running peak). */
  maxDurationBars: number;
  /** The same spell in ms: from the last bar at the peak (time[0] if the peak was the start) to the recovery bar (or the last bar). */
  maxDurationMs: number;
  /** Mean of the deepest point of each underwater spell (0 when there is none). */
  avgDrawdown: number;
  episodes: number;
}

export function drawdownStats(dd: ArrayLike<number>, time: ArrayLike<number>): DrawdownStats {
  return drawdownOf(dd, false, 0, time);
}
