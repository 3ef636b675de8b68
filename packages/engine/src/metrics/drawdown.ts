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
  let maxDd = 0;
  let maxBars = 0;
  let maxMs = 0;
  let episodes = 0;
  let depthSum = 0;
  let start = -1;
  let depth = 0;
  const n = dd.length;
  const close = (end: number, recovered: boolean): void => {
    const bars = end - start;
    const from = start > 0 ? time[start - 1] : time[0];
    const to = recovered ? time[end] : time[n - 1];
    if (bars > maxBars) maxBars = bars;
    if (to - from > maxMs) maxMs = to - from;
    episodes++;
    depthSum += depth;
  };
  for (let t = 0; t < n; t++) {
    const d = -dd[t];
    if (d > maxDd) maxDd = d;
    if (d > 0) {
      if (start < 0) {
        start = t;
        depth = 0;
      }
      if (d > depth) depth = d;
    } else if (start >= 0) {
      close(t, true);
      start = -1;
    }
  }
  if (start >= 0) close(n, false);
  return { maxDrawdown: maxDd, maxDurationBars: maxBars, maxDurationMs: maxMs, avgDrawdown: episodes ? depthSum / episodes : 0, episodes };
}
