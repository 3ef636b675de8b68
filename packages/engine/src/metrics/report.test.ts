import { describe, expect, it } from 'vitest';
import { computeReport } from './report.ts';
import { DAY, HOUR, output, trades } from './fixtures.ts';

// Fixture A: initial 100, equity 110, 99, 108.9, 119.79, 107.811 -> returns +10%, -10%, +10%, +10%, -10%.
const A = [110, 99, 108.9, 119.79, 107.811];

describe('return and risk metrics (fixture A, periodsPerYear 252)', () => {
  const m = computeReport(output(A, { exposure: [1, 0, 1, 1, 0], feesPaid: 1.25 }), { initialCash: 100, periodsPerYear: 252 }).metrics;

  it('total return, final/peak equity, net profit', () => {
    expect(m.totalReturn).toBeCloseTo(0.07811, 12); // 107.811 / 100 - 1
    expect(m.finalEquity).toBe(107.811);
    expect(m.peakEquity).toBe(119.79);
    expect(m.netProfit).toBeCloseTo(7.811, 12);
    expect(m.feesPaid).toBe(1.25);
    expect([m.bars, m.initialCash, m.periodsPerYear]).toEqual([5, 100, 252]);
  });

  it('volatility: sample sd of returns * sqrt(252)', () => {
    // mean = (0.1 - 0.1 + 0.1 + 0.1 - 0.1) / 5 = 0.02; deviations 0.08, -0.12, 0.08, 0.08, -0.12
    // sum of squares = 3 * 0.0064 + 2 * 0.0144 = 0.048; sample variance 0.048 / 4 = 0.012
    // annual vol = sqrt(0.012) * sqrt(252) = sqrt(3.024) = 1.738965...
    expect(m.volatility).toBeCloseTo(1.7389652095, 9);
  });

  it('Sharpe = mean / sd * sqrt(252) step by step', () => {
    // 0.02 / sqrt(0.012) = 0.182574186; * sqrt(252) = 15.874507866 -> 2.898275349
    expect(m.sharpe).toBeCloseTo(2.8982753492, 9);
  });

  it('Sortino uses the downside deviation sqrt(sum(min(0, r)^2) / n)', () => {
    // downside squares 0.01 + 0.01 = 0.02; / 5 = 0.004; sqrt = 0.0632455532
    // 0.02 / 0.0632455532 = 0.316227766; * 15.874507866 = 5.019960159
    expect(m.sortino).toBeCloseTo(5.0199601592, 9);
  });

  it('CAGR over n / periodsPerYear years, Calmar = CAGR / max drawdown', () => {
    // years = 5 / 252; CAGR = 1.07811^(252 / 5) - 1
    const cagr = 1.07811 ** 50.4 - 1;
    expect(m.years).toBeCloseTo(5 / 252, 15);
    expect(m.cagr).toBeCloseTo(cagr, 9);
    // max drawdown: 99 / 110 - 1 = -10% and 107.811 / 119.79 - 1 = -10%
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(m.calmar).toBeCloseTo(cagr / 0.1, 6);
  });

  it('exposure time = bars with a position / bars', () => {
    expect(m.exposureTime).toBe(0.6);
  });

  it('with a risk-free rate, Sharpe subtracts rf / periodsPerYear per bar', () => {
    const r = computeReport(output(A), { initialCash: 100, periodsPerYear: 252, riskFreeRate: 0.252 }).metrics;
    // rf per bar 0.001: (0.02 - 0.001) / sqrt(0.012) * sqrt(252) = 0.173445477 * 15.874507866 = 2.753361582
    expect(r.sharpe).toBeCloseTo(2.7533615817, 9);
  });
});

describe('drawdown metrics', () => {
  // initial 100; equity 100, 90, 95, 120, 96, 108, 110, 130 on days 0..7
  // dd: 0, -10%, -5%, 0, -20%, -10%, -8.33%, 0 -> spells [1,2] depth 10%, [4,6] depth 20%
  const r = computeReport(output([100, 90, 95, 120, 96, 108, 110, 130]), { initialCash: 100, periodsPerYear: 365 });
  it('max drawdown, its duration in bars and ms, average drawdown', () => {
    expect(r.metrics.maxDrawdown).toBeCloseTo(0.2, 12);
    expect(r.metrics.maxDrawdownDurationBars).toBe(3); // bars 4, 5, 6
    expect(r.metrics.maxDrawdownDurationMs).toBe(4 * DAY); // peak on day 3, recovered on day 7
    expect(r.metrics.avgDrawdown).toBeCloseTo(0.15, 12); // (0.1 + 0.2) / 2
  });
  it('drawdown series', () => {
    expect([...r.drawdown].map((x) => +x.toFixed(6))).toEqual([0, -0.1, -0.05, 0, -0.2, -0.1, -0.083333, 0]);
  });
});

describe('trade metrics', () => {
  // pnl 10, 20, -5, -10, 5 (W W L L W); long, short, long, short, long; durations 2h, 1h, 5h, 1h, 3h
  const t = trades([
    { dir: 1, entry: 0, exit: 2 * HOUR, pnl: 10, mae: -2, mfe: 12 },
    { dir: -1, entry: 3 * HOUR, exit: 4 * HOUR, pnl: 20, mae: -1, mfe: 25 },
    { dir: 1, entry: 5 * HOUR, exit: 10 * HOUR, pnl: -5, mae: -8, mfe: 1 },
    { dir: -1, entry: 10 * HOUR, exit: 11 * HOUR, pnl: -10, mae: -12, mfe: 0 },
    { dir: 1, entry: 12 * HOUR, exit: 15 * HOUR, pnl: 5, mae: -3, mfe: 6 },
  ]);
  const m = computeReport(output([100, 110], { trades: t }), { initialCash: 100 }).metrics;

  it('counts, win rate, gross profit/loss, profit factor', () => {
    expect(m.numTrades).toBe(5);
    expect(m.winRate).toBe(0.6); // 3 / 5
    expect(m.grossProfit).toBe(35);
    expect(m.grossLoss).toBe(-15);
    expect(m.profitFactor).toBeCloseTo(35 / 15, 12);
  });
  it('expectancy, average trade return, average win/loss, payoff, best/worst', () => {
    expect(m.expectancy).toBe(4); // 20 / 5
    expect(m.avgTradeReturn).toBeCloseTo(0.04, 12); // pnl / (100 * 1) averaged
    expect(m.avgWin).toBeCloseTo(35 / 3, 12);
    expect(m.avgLoss).toBe(-7.5);
    expect(m.payoffRatio).toBeCloseTo(35 / 3 / 7.5, 12);
    expect(m.bestTrade).toBe(20);
    expect(m.worstTrade).toBe(-10);
  });
  it('durations and streaks', () => {
    expect(m.avgTradeDurationMs).toBe(2.4 * HOUR); // (2 + 1 + 5 + 1 + 3) / 5
    expect(m.maxTradeDurationMs).toBe(5 * HOUR);
    expect(m.maxConsecutiveWins).toBe(2);
    expect(m.maxConsecutiveLosses).toBe(2);
  });
  it('SQN and Kelly', () => {
    // deviations from 4: 6, 16, -9, -14, 1 -> squares sum 570; sd = sqrt(570 / 4) = 11.937336
    // SQN = sqrt(5) * 4 / 11.937336 = 0.749269
    expect(m.sqn).toBeCloseTo((Math.sqrt(5) * 4) / Math.sqrt(142.5), 12);
    expect(m.sqn).toBeCloseTo(0.749269, 6);
    // Kelly = W - (1 - W) / R = 0.6 - 0.4 / (11.667 / 7.5) = 0.6 - 9/35 = 12/35
    expect(m.kelly).toBeCloseTo(12 / 35, 12);
  });
  it('long/short split and MAE/MFE summary', () => {
    expect([m.longTrades, m.shortTrades, m.longPnl, m.shortPnl]).toEqual([3, 2, 10, 10]);
    expect(m.longWinRate).toBeCloseTo(2 / 3, 12);
    expect(m.shortWinRate).toBe(0.5);
    expect(m.avgMae).toBeCloseTo(-5.2, 12); // (-2 - 1 - 8 - 12 - 3) / 5
    expect(m.avgMfe).toBeCloseTo(8.8, 12); // (12 + 25 + 1 + 0 + 6) / 5
    expect([m.worstMae, m.bestMfe]).toEqual([-12, 25]);
  });
});

describe('benchmark: buy and hold, alpha, beta', () => {
  it('beta = cov(r, b) / var(b) over bars 1..n-1; alpha = (mean r - beta mean b) * ppy', () => {
    // strategy returns bars 1..4: -0.1, 0.1, 0.1, -0.1 (mean 0); benchmark 100,110,99,108.9,119.79: 0.1,-0.1,0.1,0.1 (mean 0.05)
    // cov sum = 0.05*-0.1 + -0.15*0.1 + 0.05*0.1 + 0.05*-0.1 = -0.02; var sum = 0.03 -> beta = -2/3
    // alpha = (0 - (-2/3) * 0.05) * 252 = 8.4
    const bench = Float64Array.from([100, 110, 99, 108.9, 119.79]);
    const m = computeReport(output(A), { initialCash: 100, periodsPerYear: 252, benchmark: bench }).metrics;
    expect(m.buyAndHoldReturn).toBeCloseTo(0.1979, 12);
    expect(m.beta).toBeCloseTo(-2 / 3, 9);
    expect(m.alpha).toBeCloseTo(8.4, 9);
  });
});

describe('edge cases give null, never NaN or Infinity', () => {
  it('flat equity and zero trades', () => {
    const r = computeReport(output([100, 100, 100]), { initialCash: 100 });
    const m = r.metrics;
    expect([m.sharpe, m.sortino, m.calmar, m.winRate, m.profitFactor, m.expectancy, m.sqn, m.kelly, m.avgTradeDurationMs, m.bestTrade]).toEqual(
      [null, null, null, null, null, null, null, null, null, null]);
    expect([m.volatility, m.maxDrawdown, m.totalReturn, m.numTrades, m.avgDrawdown]).toEqual([0, 0, 0, 0, null]);
    expect(m.buyAndHoldReturn).toBeNull();
    expect(JSON.stringify(m)).not.toMatch(/NaN|Infinity/);
    for (const v of Object.values(m)) expect(v === null || Number.isFinite(v)).toBe(true);
  });
  it('only winning trades: profit factor and Kelly are null', () => {
    const t = trades([{ dir: 1, entry: 0, exit: 1, pnl: 5, mae: 0, mfe: 5 }]);
    const m = computeReport(output([100, 105], { trades: t }), { initialCash: 100 }).metrics;
    expect([m.profitFactor, m.kelly, m.sqn, m.winRate]).toEqual([null, null, null, 1]);
  });
  it('an empty run', () => {
    const m = computeReport(output([]), { initialCash: 100 }).metrics;
    expect([m.totalReturn, m.cagr, m.volatility, m.sharpe, m.exposureTime, m.finalEquity]).toEqual([null, null, null, null, null, null]);
  });
  it('ruin: equity <= 0 gives CAGR -1', () => {
    const m = computeReport(output([50, 0]), { initialCash: 100, periodsPerYear: 365 }).metrics;
    expect(m.cagr).toBe(-1);
    expect(m.maxDrawdown).toBe(1);
  });
});

describe('annualisation and monthly table', () => {
  it('periods per year inferred from the median bar spacing', () => {
    expect(computeReport(output([1, 2, 3]), { initialCash: 1 }).metrics.periodsPerYear).toBeCloseTo(365.25, 9);
    const hourly = output([1, 2, 3], { time: [0, HOUR, 2 * HOUR] });
    expect(computeReport(hourly, { initialCash: 1 }).metrics.periodsPerYear).toBeCloseTo(8766, 9);
  });
  it('monthly returns chain month-end equity (UTC)', () => {
    const d = (m: number, day: number) => Date.UTC(2024, m - 1, day);
    const out = output([110, 120, 90, 99], { time: [d(1, 15), d(1, 31), d(2, 10), d(3, 1)] });
    const rows = computeReport(out, { initialCash: 100 }).monthly;
    expect(rows.map((r) => [r.year, r.month, +r.return.toFixed(12)])).toEqual([[2024, 1, 0.2], [2024, 2, -0.25], [2024, 3, 0.1]]);
  });
});
