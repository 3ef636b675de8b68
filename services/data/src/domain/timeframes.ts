const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Timeframes the service stores and serves; monthly bars are not supported (variable length). */
export const TIMEFRAMES = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w'] as const;

/** Length of a timeframe such as `1m`, `4h`, `1d` in milliseconds; throws on anything else. */
export function timeframeMs(tf: string): number {
  const m = /^(\d+)([mhdw])$/.exec(tf);
  if (!m) throw new Error(`unsupported timeframe "${tf}": expected a number followed by m, h, d or w`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export function isTimeframe(tf: string): boolean {
  return (TIMEFRAMES as readonly string[]).includes(tf);
}

/** Start of the bar containing `ts`; weekly bars start on Monday 00:00 UTC like Binance's. */
export function alignTs(ts: number, tf: string): number {
  const ms = timeframeMs(tf);
  if (tf.endsWith('w')) {
    const monday = 4 * 86_400_000; // 1970-01-05 was a Monday
    return ts - ((((ts - monday) % ms) + ms) % ms);
  }
  return ts - (((ts % ms) + ms) % ms);
}
