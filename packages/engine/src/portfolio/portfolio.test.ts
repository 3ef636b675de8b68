import { describe, expect, it } from 'vitest';
import { createBacktest } from '../backtest/create-backtest.ts';
import { bars, scripted, series, venueModel } from '../backtest/fixtures.ts';
import { RiskEngine } from '../risk/risk-engine.ts';
import { Portfolio } from './portfolio.ts';

describe('Portfolio with per-strategy sub-ledgers', () => {
  it('two strategies sharing one account keep separate cash, positions, PnL and trades', () => {
    const p = new Portfolio(['BTC', 'ETH']);
    const trend = p.addAccount('trend', 6_000);
    const meanRev = p.addAccount('meanRev', 4_000);
    trend.fill(0, 2, 100, 0.2, 1); // trend buys 2 BTC at 100
    meanRev.fill(0, -1, 101, 0.1, 2); // mean-reversion shorts 1 BTC at 101
    meanRev.fill(1, 10, 20, 0, 2); // and buys 10 ETH at 20
    p.setMark(0, 110);
    p.setMark(1, 19);
    // trend: cash 6000 - 200 - 0.2 = 5799.8; equity 5799.8 + 220 = 6019.8
    expect(trend.cash).toBeCloseTo(5_799.8, 9);
    expect(trend.equity(p.marks)).toBeCloseTo(6_019.8, 9);
    // meanRev: cash 4000 + 101 - 0.1 - 200 = 3900.9; equity 3900.9 - 110 + 190 = 3980.9
    expect(meanRev.equity(p.marks)).toBeCloseTo(3_980.9, 9);
    expect(p.totalEquity()).toBeCloseTo(6_019.8 + 3_980.9, 9);
    expect(p.netQty(0)).toBe(1); // +2 and -1 on one shared account
    trend.fill(0, -2, 110, 0, 3);
    expect(trend.trades.count).toBe(1);
    expect(meanRev.trades.count).toBe(0);
    expect(trend.realized[0]).toBeCloseTo(20 - 0.2, 9);
    expect(meanRev.qty[0]).toBe(-1);
    expect(meanRev.unrealized(0, p.marks[0])).toBe(-9);
    expect(() => p.addAccount('trend', 1)).toThrow(/already exists/);
  });

  it('averages entries, realises partial exits and records the round trip with fees', () => {
    const p = new Portfolio(['X']);
    const a = p.addAccount('a', 1_000);
    a.fill(0, 1, 10, 0.01, 1);
    a.fill(0, 3, 14, 0.03, 2); // avg (10 + 42) / 4 = 13
    expect(a.avgPrice[0]).toBe(13);
    a.markRange(0, Float64Array.of(16), Float64Array.of(12)); // MFE (16-13)*4 = 12, MAE (12-13)*4 = -4
    a.fill(0, -2, 15, 0.02, 3); // realise (15-13)*2 = 4
    expect(a.realized[0]).toBeCloseTo(4 - 0.01 - 0.03 - 0.02, 12);
    a.fill(0, -2, 11, 0.02, 4); // realise (11-13)*2 = -4 -> flat
    const t = a.trades.toColumns();
    expect([t.entryPrice[0], t.exitPrice[0], t.qty[0], t.entryTime[0], t.exitTime[0]]).toEqual([13, 13, 4, 1, 4]);
    expect(t.pnl[0]).toBeCloseTo(0 - 0.08, 12);
    expect(t.fees[0]).toBeCloseTo(0.08, 12);
    // The exit at 11 with 2 left is an excursion of -4, equal to the bar's -4: MAE stays -4.
    expect([t.mae[0], t.mfe[0]]).toEqual([-4, 12]);
    expect(a.openCount).toBe(0);
  });
});

describe('sub-accounts carry their own risk', () => {
  it('the same order passes one sub-account gate and is denied by the other', () => {
    const p = new Portfolio(['BTC']);
    p.setMark(0, 100);
    const big = p.addAccount('big', 10_000);
    const small = p.addAccount('small', 1_000);
    const bigRisk = new RiskEngine({ maxPositionPercent: 1 }, big);
    const smallRisk = new RiskEngine({ maxPositionPercent: 1 }, small);
    const order = { s: 0, dir: 1, qty: 20, refPrice: 100, reduceOnly: false, ownPending: 0 };
    expect(bigRisk.check(order, big.equity(p.marks), 0)).toBeNull();
    expect(smallRisk.check(order, small.equity(p.marks), 0)?.code).toBe('RISK_MAX_POSITION');
    // A drawdown in one book halts only that book.
    small.fill(0, 5, 100, 0, 1);
    p.setMark(0, 50);
    const halting = new RiskEngine({ maxDrawdown: 0.2 }, small);
    halting.onMarks(p.marks); // small: 1000 - 250 = 750 -> 25% down
    expect(halting.halted).toBe(true);
    expect(new RiskEngine({ maxDrawdown: 0.2 }, big).check(order, big.equity(p.marks), 0)).toBeNull();
    expect(halting.check(order, small.equity(p.marks), 0)?.code).toBe('RISK_DRAWDOWN_HALT');
  });
});

describe('two strategies on one shared account through the engine path', () => {
  it('keep separate books while the portfolio sees the net position', () => {
    const b = bars([[100, 100, 100, 100], [100, 100, 100, 100], [110, 110, 110, 110], [120, 120, 120, 120]]);
    const shared = new Portfolio(['BTC/USDT']);
    const longBot = createBacktest(
      { strategy: scripted({ 0: (c) => c.orders.market('BTC/USDT', 'buy', 3) }), params: {}, series: [series(b)], venue: venueModel({ takerFee: 0.001 }), initialCash: 6_000 },
      { portfolio: shared, accountId: 'long-bot' },
    );
    const shortBot = createBacktest(
      { strategy: scripted({ 1: (c) => c.orders.market('BTC/USDT', 'sell', 1) }), params: {}, series: [series(b)], venue: venueModel({ allowShort: true }), initialCash: 4_000 },
      { portfolio: shared, accountId: 'short-bot' },
    );
    for (let i = 1; i <= b.time.length; i++) {
      longBot.step(i);
      shortBot.step(i);
    }
    const long = shared.account('long-bot');
    const short = shared.account('short-bot');
    // long-bot: 3 at 100, fee 0.3; mark 120 -> equity 6000 - 0.3 + 60 = 6059.7
    expect(long.equity(shared.marks)).toBeCloseTo(6_059.7, 9);
    // short-bot: -1 at 110 (placed on bar 1, filled at bar 2's open); mark 120 -> 4000 - 10 = 3990
    expect(short.equity(shared.marks)).toBeCloseTo(3_990, 9);
    expect(shared.netQty(0)).toBe(2);
    expect(shared.totalEquity()).toBeCloseTo(6_059.7 + 3_990, 9);
    const a = longBot.finish();
    const c = shortBot.finish();
    expect([a.trades.pnl.length, c.trades.pnl.length]).toEqual([1, 1]);
    expect(a.trades.pnl[0]).toBeCloseTo(59.7, 9);
    expect(c.trades.pnl[0]).toBe(-10);
    expect(a.feesPaid).toBeCloseTo(0.3, 12);
    expect(c.feesPaid).toBe(0);
  });

  it('refuses a shared portfolio with other symbols', () => {
    expect(() => createBacktest(
      { strategy: scripted({}), params: {}, series: [series(bars([[1, 1, 1, 1]]))], venue: venueModel(), initialCash: 1 },
      { portfolio: new Portfolio(['ETH/USDT']) },
    )).toThrow(/differ/);
  });
});
