/** Small numeric helpers for the metrics. Every function returns null rather than NaN/Infinity. */

export const YEAR_MS = 365.25 * 86_400_000;

/** Turns NaN/±Infinity into null so reports serialise cleanly. */
export function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function mean(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  const n = to - from;
  if (n <= 0) return Number.NaN;
  let s = 0;
  for (let i = from; i < to; i++) s += xs[i];
  return s / n;
}

/** Sample standard deviation (divides by n - 1). */
export function stdev(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  const n = to - from;
  if (n < 2) return Number.NaN;
  const m = mean(xs, from, to);
  let ss = 0;
  for (let i = from; i < to; i++) ss += (xs[i] - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Simple returns of an equity curve: r[0] = E[0]/initial - 1, r[t] = E[t]/E[t-1] - 1.
 * After equity reaches 0 or below, returns are 0 (a ruined account cannot compound).
 */
export function periodReturns(equity: ArrayLike<number>, initial: number): Float64Array {
  const r = new Float64Array(equity.length);
  let prev = initial;
  for (let t = 0; t < equity.length; t++) {
    r[t] = prev > 0 ? equity[t] / prev - 1 : 0;
    prev = equity[t];
  }
  return r;
}

/** Returns of a price series: b[t]/b[t-1] - 1 for t >= 1 (length n - 1). */
export function priceReturns(prices: ArrayLike<number>): Float64Array {
  const n = Math.max(0, prices.length - 1);
  const r = new Float64Array(n);
  for (let t = 0; t < n; t++) r[t] = prices[t] > 0 ? prices[t + 1] / prices[t] - 1 : 0;
  return r;
}

/**
 * Periods per year from bar spacing: one year (365.25 days) over the median gap between
 * consecutive times (at most 1001 gaps sampled evenly, so it stays cheap on long curves).
 */
export function inferPeriodsPerYear(time: ArrayLike<number>): number {
  const n = time.length;
  if (n < 2) return Number.NaN;
  const gaps: number[] = [];
  const stride = Math.max(1, Math.floor((n - 1) / 1001));
  for (let i = 1; i < n; i += stride) gaps.push(time[i] - time[i - 1]);
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const med = gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
  return med > 0 ? YEAR_MS / med : Number.NaN;
}
