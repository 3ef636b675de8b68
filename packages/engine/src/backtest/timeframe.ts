const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  // A calendar month is not fixed; 30 days is only used to bound a bar's close time.
  M: 2_592_000_000,
};

/** `1m`, `15m`, `4h`, `1d`, `1w`, `1M` -> milliseconds; NaN when the text is not a timeframe. */
export function timeframeMs(tf: string): number {
  const m = /^(\d+)([smhdwM])$/.exec(tf);
  if (!m) return Number.NaN;
  return Number(m[1]) * (UNIT_MS[m[2]] ?? Number.NaN);
}

/**
 * Close time of bar j: the earlier of the next bar's open and open + timeframe length. A series with
 * an unknown timeframe uses the next bar's open, and for its last bar the previous spacing.
 */
export function barCloseTime(time: Float64Array, j: number, tfMs: number): number {
  const t = time[j];
  const n = time.length;
  if (tfMs === tfMs) {
    const end = t + tfMs;
    return j + 1 < n && time[j + 1] < end ? time[j + 1] : end;
  }
  if (j + 1 < n) return time[j + 1];
  return j > 0 ? t + (t - time[j - 1]) : t;
}
