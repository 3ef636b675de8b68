import type { Candle } from './candle.ts';
import { timeframeMs } from './timeframes.ts';
import { validateSequence, type IssueCode } from './validate.ts';

export interface Gap {
  /** Open time of the first missing bar. */
  from: number;
  /** Open time of the last missing bar. */
  to: number;
  missingBars: number;
}

export interface Outlier {
  ts: number;
  /** Log return into this bar's close from the previous close. */
  logReturn: number;
  robustZ: number;
}

/**
 * Data-quality report of one series. Fill policy: gaps are REPORTED, never filled; the store and the
 * candle API return only bars that exist, so a backtest sees the gap as time passing without a bar.
 */
export interface QualityReport {
  bars: number;
  from: number | null;
  to: number | null;
  expectedBars: number;
  coverage: number;
  fillPolicy: 'none';
  gaps: Gap[];
  outliers: Outlier[];
  outlierThreshold: number;
  duplicates: number;
  outOfOrder: number;
  ohlcViolations: number;
  issuesByCode: Partial<Record<IssueCode, number>>;
}

function median(xs: Float64Array): number {
  const s = Float64Array.from(xs).sort();
  const n = s.length;
  if (n === 0) return 0;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/**
 * Builds the report. Outliers are close-to-close log returns whose robust z-score
 * 0.6745·(r − median)/MAD exceeds `outlierThreshold` (Iglewicz–Hoaglin; default 8 rather than the
 * textbook 3.5 because crypto returns are fat-tailed and 3.5 would flag ordinary busy minutes).
 */
export function qualityReport(bars: readonly Candle[], timeframe: string, outlierThreshold = 8): QualityReport {
  const tfMs = timeframeMs(timeframe);
  const issues = validateSequence(bars, timeframe);
  const issuesByCode: Partial<Record<IssueCode, number>> = {};
  for (const i of issues) issuesByCode[i.code] = (issuesByCode[i.code] ?? 0) + 1;
  const sorted = [...bars].sort((a, b) => a.ts - b.ts).filter((b, i, arr) => i === 0 || arr[i - 1]!.ts !== b.ts);
  const gaps: Gap[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const step = sorted[i]!.ts - sorted[i - 1]!.ts;
    if (step > tfMs) {
      const missing = Math.round(step / tfMs) - 1;
      if (missing > 0) gaps.push({ from: sorted[i - 1]!.ts + tfMs, to: sorted[i]!.ts - tfMs, missingBars: missing });
    }
  }
  const returns = new Float64Array(Math.max(sorted.length - 1, 0));
  for (let i = 1; i < sorted.length; i++) returns[i - 1] = Math.log(sorted[i]!.close / sorted[i - 1]!.close);
  const med = median(returns);
  const mad = median(returns.map((r) => Math.abs(r - med)));
  const outliers: Outlier[] = [];
  if (mad > 0) {
    for (let i = 0; i < returns.length; i++) {
      const z = (0.6745 * (returns[i]! - med)) / mad;
      if (Math.abs(z) > outlierThreshold) outliers.push({ ts: sorted[i + 1]!.ts, logReturn: returns[i]!, robustZ: z });
    }
  }
  const from = sorted.length ? sorted[0]!.ts : null;
  const to = sorted.length ? sorted[sorted.length - 1]!.ts : null;
  const expectedBars = from === null || to === null ? 0 : Math.round((to - from) / tfMs) + 1;
  return {
    bars: bars.length,
    from,
    to,
    expectedBars,
    coverage: expectedBars ? sorted.length / expectedBars : 1,
    fillPolicy: 'none',
    gaps,
    outliers,
    outlierThreshold,
    duplicates: issuesByCode.DUPLICATE_TIMESTAMP ?? 0,
    outOfOrder: issuesByCode.OUT_OF_ORDER ?? 0,
    ohlcViolations:
      (issuesByCode.HIGH_BELOW_LOW ?? 0) + (issuesByCode.HIGH_BELOW_OPEN_CLOSE ?? 0) + (issuesByCode.LOW_ABOVE_OPEN_CLOSE ?? 0),
    issuesByCode,
  };
}
