import type { BacktestOutput } from '../contract.ts';
import { drawdownSeries } from './drawdown.ts';
import { benchmarkMoments, equityDrawdownStats, equityMoments } from './passes.ts';
import { monthlyReturns, type PeriodReturn } from './monthly.ts';
import { finite, inferPeriodsPerYear } from './stats.ts';
import { tradeStats, type TradeStats } from './trade-stats.ts';

export interface ReportOptions {
  initialCash: number;
  /** Benchmark prices aligned to output.time (same length). */
  benchmark?: Float64Array;
  /** Bars per year for annualisation; inferred from the median bar spacing when omitted. */
  periodsPerYear?: number;
  /** Annual risk-free rate as a fraction (0.04 = 4%); default 0. */
  riskFreeRate?: number;
}

/** Every metric; definitions in docs/metrics.md. null means "not defined for this input", never NaN. */
export interface Metrics extends TradeStats {
  bars: number;
  periodsPerYear: number | null;
  years: number | null;
  initialCash: number;
  finalEquity: number | null;
  peakEquity: number | null;
  netProfit: number | null;
  totalReturn: number | null;
  cagr: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  calmar: number | null;
  maxDrawdown: number;
  maxDrawdownDurationBars: number;
  maxDrawdownDurationMs: number;
  avgDrawdown: number | null;
  exposureTime: number | null;
  buyAndHoldReturn: number | null;
  alpha: number | null;
  beta: number | null;
  feesPaid: number;
}

export interface Report {
  metrics: Metrics;
  monthly: PeriodReturn[];
  /** dd[t] = equity[t] / running peak - 1, aligned to output.time. */
  drawdown: Float64Array;
}

/**
 * Every metric of a finished backtest (definitions, formulas and edge cases: docs/metrics.md).
 * Pure and O(n) in bars plus trades; `null` where a metric is undefined, never NaN/Infinity.
 */
export function computeReport(output: BacktestOutput, opts: ReportOptions): Report {
  const { equity, time } = output;
  const C = opts.initialCash;
  const n = equity.length;
  const ppy = opts.periodsPerYear ?? inferPeriodsPerYear(time);
  const rfp = (opts.riskFreeRate ?? 0) / ppy;
  const years = n / ppy;
  const last = n ? equity[n - 1] : Number.NaN;
  const [peak, down, exposed, passMu, m2] = equityMoments(equity, output.exposure, C, rfp);
  const mu = n === 0 ? Number.NaN : passMu;
  const sd = n >= 2 ? Math.sqrt(m2 / (n - 1)) : Number.NaN;
  const downDev = n ? Math.sqrt(down / n) : Number.NaN;
  // From equity directly: the optimiser reports every trial, and three per-bar arrays per report
  // (800 KB each at 100,000 bars) made its worker processes spend more time in GC than here.
  const dds = equityDrawdownStats(equity, C, time);
  const cagr = n === 0 || !(years > 0) ? null : last <= 0 ? -1 : finite((last / C) ** (1 / years) - 1);
  const bench = opts.benchmark ? benchmarkStats(equity, opts.benchmark, ppy, rfp) : NO_BENCHMARK;
  const metrics: Metrics = {
    ...tradeStats(output.trades),
    bars: n,
    periodsPerYear: finite(ppy),
    years: finite(years),
    initialCash: C,
    finalEquity: n ? last : null,
    peakEquity: n ? peak : null,
    netProfit: n ? last - C : null,
    totalReturn: n && C > 0 ? last / C - 1 : null,
    cagr,
    volatility: n >= 2 ? finite(sd * Math.sqrt(ppy)) : null,
    sharpe: sd > 0 ? finite(((mu - rfp) / sd) * Math.sqrt(ppy)) : null,
    sortino: downDev > 0 ? finite(((mu - rfp) / downDev) * Math.sqrt(ppy)) : null,
    calmar: cagr !== null && dds.maxDrawdown > 0 ? cagr / dds.maxDrawdown : null,
    maxDrawdown: dds.maxDrawdown,
    maxDrawdownDurationBars: dds.maxDurationBars,
    maxDrawdownDurationMs: dds.maxDurationMs,
    avgDrawdown: dds.episodes ? dds.avgDrawdown : null,
    exposureTime: n ? exposed / n : null,
    buyAndHoldReturn: bench.buyAndHold,
    alpha: bench.alpha,
    beta: bench.beta,
    feesPaid: output.feesPaid,
  };
  const report = { metrics, monthly: monthlyReturns(time, equity, C) } as Report;
  let dd: Float64Array | undefined;
  Object.defineProperty(report, 'drawdown', { enumerable: true, get: () => (dd ??= drawdownSeries(equity, C)) });
  return report;
}

/**
 * Beta = cov(r, b) / var(b) over bars 1..n-1 (both sides need a previous bar), sample moments;
 * alpha = annualised Jensen's alpha: (mean(r - rf) - beta * mean(b - rf)) * periodsPerYear.
 */
const NO_BENCHMARK = { buyAndHold: null, alpha: null, beta: null };

function benchmarkStats(equity: Float64Array, bench: Float64Array, ppy: number, rfp: number) {
  const none = NO_BENCHMARK;
  if (bench.length === 0) return none;
  const buyAndHold = bench[0] > 0 ? bench[bench.length - 1] / bench[0] - 1 : null;
  const m = Math.min(bench.length - 1, equity.length - 1);
  if (m < 2) return { ...none, buyAndHold };
  const [mr, mb, cov, varB] = benchmarkMoments(equity, bench, m);
  if (!(varB > 0)) return { ...none, buyAndHold };
  const beta = cov / varB;
  const alpha = finite((mr - rfp - beta * (mb - rfp)) * ppy);
  return { buyAndHold, alpha, beta: finite(beta) };
}
