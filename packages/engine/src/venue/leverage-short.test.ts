import { describe, expect, it } from 'vitest';
import { bars, closes, run, scripted, series, venueModel } from '../backtest/fixtures.ts';

const S = 'BTC/USDT';

describe('short positions', () => {
  it('are rejected with SHORT_NOT_ALLOWED unless allowShort', () => {
    const no = run({ strategy: scripted({ 0: (c) => c.orders.market(S, 'sell', 1) }), series: [series(closes([100, 100]))] });
    expect(no.events.map((e) => [e.kind, e.code])).toEqual([['accepted', undefined], ['rejected', 'SHORT_NOT_ALLOWED']]);
  });

  it('profit when price falls; cash holds the sale proceeds; round trip recorded with direction -1', () => {
    const out = run({
      venue: venueModel({ allowShort: true }),
      strategy: scripted({ 0: (c) => c.orders.market(S, 'sell', 10), 2: (c) => c.orders.market(S, 'buy', 10) }),
      series: [series(bars([[100, 100, 100, 100], [100, 101, 95, 96], [96, 97, 89, 90], [90, 90, 90, 90]]))],
    });
    // Short 10 at 100: cash 11000; bar1 equity 11000 - 960 = 10040; bar2 10100; cover at 90 -> 10100.
    expect([...out.equity]).toEqual([10_000, 10_040, 10_100, 10_100]);
    expect(out.trades.direction[0]).toBe(-1);
    expect(out.trades.pnl[0]).toBe(100);
    // MAE: worst was the high 101 on bar 1: (101 - 100) * -10 = -10; MFE best low 89: +110.
    expect(out.trades.mae[0]).toBe(-10);
    expect(out.trades.mfe[0]).toBe(110);
  });

  it('a sell larger than the long flips the position: one closed trade, a new short opened', () => {
    const out = run({
      venue: venueModel({ allowShort: true }),
      strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 1), 1: (c) => c.orders.market(S, 'sell', 3) }),
      series: [series(closes([100, 100, 110, 100]))],
    });
    expect(out.trades.pnl.length).toBe(2); // the flip's close, plus the short closed at the end of the run
    expect(out.trades.pnl[0]).toBe(10);
    expect(out.trades.direction[1]).toBe(-1);
    expect(out.trades.qty[1]).toBe(2);
    expect(out.trades.pnl[1]).toBe(20); // short 2 at 110, books closed at the last close 100
  });
});

describe('leverage and liquidation', () => {
  it('leverage lets margin = notional / leverage buy more than cash', () => {
    const ok = run({ venue: venueModel({ leverage: 5 }), strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 400) }), series: [series(closes([100, 100]))] });
    expect(ok.events.at(-1)?.kind).toBe('filled'); // 40000 notional, 8000 margin <= 10000 equity
    const no = run({ venue: venueModel({ leverage: 5 }), strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 600) }), series: [series(closes([100, 100]))] });
    expect(no.events.at(-1)?.code).toBe('INSUFFICIENT_FUNDS'); // 12000 margin > 10000
  });

  it('liquidates a long at the price where equity meets maintenance margin', () => {
    // 10x: buy 900 at 100 (notional 90000, margin 9000, fee 90) with 10000 cash -> cash -80090. mm 0.05.
    // Liquidation price p: -80090 + 900p = 0.05 * 900p  =>  p = 80090 / 855 = 93.6725... -> tick 93.67.
    const out = run({
      venue: venueModel({ leverage: 10, maintenanceMargin: 0.05, takerFee: 0.001 }),
      strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 900) }),
      series: [series(bars([[100, 100, 100, 100], [100, 100, 100, 100], [99, 99, 93, 94], [94, 95, 93, 94]]))],
    });
    const liq = out.events.find((e) => e.kind === 'liquidated');
    expect(liq).toMatchObject({ code: 'LIQUIDATION', fillPrice: 93.67, fillQty: 900, side: 'sell' });
    // Equity after: -80090 + 900 * 93.67 - fee 84.303 = 4128.697
    expect(out.equity[2]).toBeCloseTo(4_128.697, 6);
    expect(out.exposure[2]).toBe(0);
  });

  it('a gap through the liquidation price liquidates at the open', () => {
    const out = run({
      venue: venueModel({ leverage: 10, maintenanceMargin: 0.05, allowShort: true }),
      strategy: scripted({ 0: (c) => c.orders.market(S, 'sell', 1000) }),
      series: [series(bars([[100, 100, 100, 100], [100, 100, 100, 100], [120, 121, 119, 120]]))],
    });
    // Short liquidation price: 110000 / (1000 * 1.05) = 104.76; the bar opens at 120 -> filled at 120.
    expect(out.events.find((e) => e.kind === 'liquidated')?.fillPrice).toBe(120);
    expect(out.equity[2]).toBe(-10_000);
  });
});

describe('clamps', () => {
  it('without shorts, a sell larger than the long is cut to the long and completes', () => {
    const out = run({
      strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 2), 1: (c) => c.orders.market(S, 'sell', 5) }),
      series: [series(closes([100, 100, 100, 100]))],
    });
    expect(out.events.filter((e) => e.orderId === 'o2').map((e) => [e.kind, e.fillQty])).toEqual([['accepted', undefined], ['filled', 2]]);
  });
});
