import type { TradeColumns } from '../contract.ts';
import { finite, mean, stdev } from './stats.ts';

/** Metrics over closed round-trip trades; every ratio is null when its denominator is 0. */
export interface TradeStats {
  numTrades: number;
  winRate: number | null;
  grossProfit: number;
  grossLoss: number;
  profitFactor: number | null;
  expectancy: number | null;
  avgTradeReturn: number | null;
  avgWin: number | null;
  avgLoss: number | null;
  payoffRatio: number | null;
  bestTrade: number | null;
  worstTrade: number | null;
  avgTradeDurationMs: number | null;
  maxTradeDurationMs: number | null;
  maxConsecutiveWins: number;
  maxConsecutiveLosses: number;
  sqn: number | null;
  kelly: number | null;
  longTrades: number;
  shortTrades: number;
  longWinRate: number | null;
  shortWinRate: number | null;
  longPnl: number;
  shortPnl: number;
  avgMae: number | null;
  avgMfe: number | null;
  worstMae: number | null;
  bestMfe: number | null;
}

export function tradeStats(t: TradeColumns): TradeStats {
  const n = t.pnl.length;
  let wins = 0, losses = 0, gp = 0, gl = 0, best = -Infinity, worst = Infinity;
  let durSum = 0, durMax = 0, retSum = 0;
  let run = 0, maxW = 0, maxL = 0;
  let longN = 0, shortN = 0, longW = 0, shortW = 0, longPnl = 0, shortPnl = 0;
  let maeSum = 0, mfeSum = 0, maeMin = Infinity, mfeMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const p = t.pnl[i];
    if (p > 0) { wins++; gp += p; run = run > 0 ? run + 1 : 1; if (run > maxW) maxW = run; }
    else if (p < 0) { losses++; gl += p; run = run < 0 ? run - 1 : -1; if (-run > maxL) maxL = -run; }
    else run = 0;
    if (p > best) best = p;
    if (p < worst) worst = p;
    const d = t.exitTime[i] - t.entryTime[i];
    durSum += d;
    if (d > durMax) durMax = d;
    retSum += p / (t.entryPrice[i] * t.qty[i]);
    if (t.direction[i] > 0) { longN++; longPnl += p; if (p > 0) longW++; }
    else { shortN++; shortPnl += p; if (p > 0) shortW++; }
    maeSum += t.mae[i];
    mfeSum += t.mfe[i];
    if (t.mae[i] < maeMin) maeMin = t.mae[i];
    if (t.mfe[i] > mfeMax) mfeMax = t.mfe[i];
  }
  const winRate = n ? wins / n : null;
  const avgWin = wins ? gp / wins : null;
  const avgLoss = losses ? gl / losses : null;
  const payoff = avgWin !== null && avgLoss !== null ? avgWin / -avgLoss : null;
  const sd = stdev(t.pnl);
  return {
    numTrades: n,
    winRate,
    grossProfit: gp,
    grossLoss: gl,
    profitFactor: gl < 0 ? gp / -gl : null,
    expectancy: n ? finite(mean(t.pnl)) : null,
    avgTradeReturn: n ? finite(retSum / n) : null,
    avgWin,
    avgLoss,
    payoffRatio: payoff,
    bestTrade: n ? best : null,
    worstTrade: n ? worst : null,
    avgTradeDurationMs: n ? durSum / n : null,
    maxTradeDurationMs: n ? durMax : null,
    maxConsecutiveWins: maxW,
    maxConsecutiveLosses: maxL,
    sqn: n >= 2 && sd > 0 ? finite((Math.sqrt(n) * mean(t.pnl)) / sd) : null,
    kelly: winRate !== null && payoff !== null && payoff > 0 ? winRate - (1 - winRate) / payoff : null,
    longTrades: longN,
    shortTrades: shortN,
    longWinRate: longN ? longW / longN : null,
    shortWinRate: shortN ? shortW / shortN : null,
    longPnl,
    shortPnl,
    avgMae: n ? maeSum / n : null,
    avgMfe: n ? mfeSum / n : null,
    worstMae: n ? maeMin : null,
    bestMfe: n ? mfeMax : null,
  };
}
