/**
 * The per-bar loops of the report, shaped for V8. Each loop is a small function over a range of
 * bars whose running state lives in plain locals and is carried between ranges in a Float64Array;
 * callers walk the series in chunks. Why: a long optimiser run calls computeReport once per trial,
 * so one big loop per call only ever got on-stack-replaced code, which kept deoptimising where the
 * loop ended; most bars then ran unoptimised, boxing every double (MBs of garbage per report and a
 * full GC every few trials in a logic worker). Called once per chunk, these functions are optimised
 * as a whole, with feedback for every line. The arithmetic, and its order, is the former one: the
 * results are bit-identical.
 */
import type { DrawdownStats } from './drawdown.ts';

const CHUNK = 8192;

/**
 * One pass: peak, downside sum, exposure, and mean/variance of returns (Welford).
 * Returns [peak, downside sum, exposed bars, mean return, M2].
 */
export function equityMoments(equity: Float64Array, exposure: Uint8Array, C: number, rfp: number): Float64Array {
  const s = new Float64Array(6);
  s[0] = C;
  s[5] = C;
  for (let from = 0; from < equity.length; from += CHUNK) equityChunk(equity, exposure, rfp, from, Math.min(equity.length, from + CHUNK), s);
  return s;
}

function equityChunk(equity: Float64Array, exposure: Uint8Array, rfp: number, from: number, to: number, s: Float64Array): void {
  let peak = s[0], down = s[1], exposed = s[2], mu = s[3], m2 = s[4], prev = s[5];
  for (let t = from; t < to; t++) {
    const e = equity[t];
    if (e > peak) peak = e;
    // Same definition as periodReturns(), inline: no 8 MB array per million bars.
    const rt = prev > 0 ? e / prev - 1 : 0;
    prev = e;
    const x = rt - rfp;
    if (x < 0) down += x * x;
    exposed += exposure[t];
    const d = rt - mu;
    mu += d / (t + 1);
    m2 += d * (rt - mu);
  }
  s[0] = peak; s[1] = down; s[2] = exposed; s[3] = mu; s[4] = m2; s[5] = prev;
}

/** `drawdownStats(drawdownSeries(equity, initial), time)` without building the series. */
export function equityDrawdownStats(equity: ArrayLike<number>, initial: number, time: ArrayLike<number>): DrawdownStats {
  return drawdownOf(equity, true, initial, time);
}

/** Drawdown statistics of `values`: an equity curve (`fromEquity`, peak from `initial`) or a drawdown series. */
export function drawdownOf(values: ArrayLike<number>, fromEquity: boolean, initial: number, time: ArrayLike<number>): DrawdownStats {
  const n = values.length;
  // [peak, maxDrawdown, maxDurationBars, maxDurationMs, episodes, depth sum, spell start, spell depth]
  const s = new Float64Array(8);
  s[0] = initial;
  s[6] = -1;
  for (let from = 0; from < n; from += CHUNK) drawdownChunk(values, fromEquity, time, from, Math.min(n, from + CHUNK), s);
  if (s[6] >= 0) closeSpell(s, n - s[6], s[6] > 0 ? time[s[6] - 1] : time[0], time[n - 1]); // still underwater at the end
  const episodes = s[4];
  return { maxDrawdown: s[1], maxDurationBars: s[2], maxDurationMs: s[3], avgDrawdown: episodes ? s[5] / episodes : 0, episodes };
}

function drawdownChunk(values: ArrayLike<number>, fromEquity: boolean, time: ArrayLike<number>, from: number, to: number, s: Float64Array): void {
  let peak = s[0], maxDd = s[1], start = s[6], depth = s[7];
  for (let t = from; t < to; t++) {
    let d: number;
    if (fromEquity) {
      const e = values[t];
      if (e > peak) peak = e;
      d = -(peak > 0 ? e / peak - 1 : 0);
    } else {
      d = -values[t];
    }
    if (d > maxDd) maxDd = d;
    if (d > 0) {
      if (start < 0) {
        start = t;
        depth = 0;
      }
      if (d > depth) depth = d;
    } else if (start >= 0) {
      s[7] = depth;
      closeSpell(s, t - start, start > 0 ? time[start - 1] : time[0], time[t]); // recovered at bar t
      start = -1;
    }
  }
  s[0] = peak; s[1] = maxDd; s[6] = start; s[7] = depth;
}

function closeSpell(s: Float64Array, bars: number, from: number, to: number): void {
  if (bars > s[2]) s[2] = bars;
  if (to - from > s[3]) s[3] = to - from;
  s[4]++;
  s[5] += s[7];
}

/**
 * Moments of r[t] = periodReturns(equity)[t + 1] and b[t] = priceReturns(bench)[t] for t < m, computed
 * in place (the same expressions, so the same numbers) instead of as two per-bar arrays.
 * Returns [mean r, mean b, sum of co-deviations, sum of squared b deviations].
 */
export function benchmarkMoments(equity: Float64Array, bench: Float64Array, m: number): Float64Array {
  const s = new Float64Array(4);
  for (let from = 0; from < m; from += CHUNK) sumsChunk(equity, bench, from, Math.min(m, from + CHUNK), s);
  s[0] /= m;
  s[1] /= m;
  for (let from = 0; from < m; from += CHUNK) coChunk(equity, bench, from, Math.min(m, from + CHUNK), s);
  return s;
}

function sumsChunk(equity: Float64Array, bench: Float64Array, from: number, to: number, s: Float64Array): void {
  let sr = s[0], sb = s[1];
  for (let t = from; t < to; t++) {
    sr += equity[t] > 0 ? equity[t + 1] / equity[t] - 1 : 0;
    sb += bench[t] > 0 ? bench[t + 1] / bench[t] - 1 : 0;
  }
  s[0] = sr; s[1] = sb;
}

function coChunk(equity: Float64Array, bench: Float64Array, from: number, to: number, s: Float64Array): void {
  const mr = s[0], mb = s[1];
  let cov = s[2], varB = s[3];
  for (let t = from; t < to; t++) {
    const rb = bench[t] > 0 ? bench[t + 1] / bench[t] - 1 : 0;
    const rr = equity[t] > 0 ? equity[t + 1] / equity[t] - 1 : 0;
    cov += (rr - mr) * (rb - mb);
    varB += (rb - mb) ** 2;
  }
  s[2] = cov; s[3] = varB;
}
