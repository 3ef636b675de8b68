import type { Candle } from './candle.ts';
import { timeframeMs } from './timeframes.ts';

/** Stable codes for everything wrong with a bar or a sequence of bars. */
export type IssueCode =
  | 'NON_FINITE'
  | 'NON_POSITIVE_PRICE'
  | 'NEGATIVE_VOLUME'
  | 'HIGH_BELOW_OPEN_CLOSE'
  | 'LOW_ABOVE_OPEN_CLOSE'
  | 'HIGH_BELOW_LOW'
  | 'DUPLICATE_TIMESTAMP'
  | 'OUT_OF_ORDER'
  | 'MISALIGNED_TIMESTAMP';

export interface BarIssue {
  /** Index of the bar in the input. */
  index: number;
  code: IssueCode;
  message: string;
}

/** Problems of one bar on its own (no neighbours needed). Returns null when the bar is sound. */
export function checkBar(c: Candle): { code: IssueCode; message: string } | null {
  const { open, high, low, close, volume } = c;
  if (![c.ts, open, high, low, close, volume].every(Number.isFinite)) {
    return { code: 'NON_FINITE', message: 'every field must be a finite number' };
  }
  if (open <= 0 || high <= 0 || low <= 0 || close <= 0) {
    return { code: 'NON_POSITIVE_PRICE', message: `prices must be > 0, got open=${open} high=${high} low=${low} close=${close}` };
  }
  if (volume < 0) return { code: 'NEGATIVE_VOLUME', message: `volume must be >= 0, got ${volume}` };
  if (high < low) return { code: 'HIGH_BELOW_LOW', message: `high ${high} is below low ${low}` };
  if (high < Math.max(open, close)) {
    return { code: 'HIGH_BELOW_OPEN_CLOSE', message: `high ${high} is below max(open, close) ${Math.max(open, close)}` };
  }
  if (low > Math.min(open, close)) {
    return { code: 'LOW_ABOVE_OPEN_CLOSE', message: `low ${low} is above min(open, close) ${Math.min(open, close)}` };
  }
  return null;
}

/**
 * Every issue in a bar sequence: per-bar checks plus duplicates, out-of-order and misaligned timestamps.
 * A bar later than its predecessor but behind an earlier maximum counts as out of order, so one
 * misplaced line is reported once rather than cascading.
 */
export function validateSequence(bars: readonly Candle[], timeframe?: string): BarIssue[] {
  const issues: BarIssue[] = [];
  const tfMs = timeframe ? timeframeMs(timeframe) : 0;
  const seen = new Set<number>();
  let maxTs = -Infinity;
  for (let i = 0; i < bars.length; i++) {
    const c = bars[i]!;
    const bad = checkBar(c);
    if (bad) issues.push({ index: i, ...bad });
    if (seen.has(c.ts)) {
      issues.push({ index: i, code: 'DUPLICATE_TIMESTAMP', message: `timestamp ${new Date(c.ts).toISOString()} appears more than once` });
      continue;
    }
    seen.add(c.ts);
    if (c.ts < maxTs) {
      issues.push({
        index: i,
        code: 'OUT_OF_ORDER',
        message: `timestamp ${new Date(c.ts).toISOString()} comes after ${new Date(maxTs).toISOString()}`,
      });
    } else {
      maxTs = c.ts;
    }
    if (tfMs > 0 && !timeframe!.endsWith('w') && c.ts % tfMs !== 0) {
      issues.push({ index: i, code: 'MISALIGNED_TIMESTAMP', message: `timestamp ${c.ts} is not a multiple of ${timeframe}` });
    }
  }
  return issues;
}
