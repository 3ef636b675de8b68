import { describe, expect, it } from 'vitest';
import { bars, closes, instrument, run, scripted, series, venueModel } from '../backtest/fixtures.ts';

const S = 'BTC/USDT';
const filled = (out: ReturnType<typeof run>) => out.events.filter((e) => e.kind === 'filled' || e.kind === 'partiallyFilled');

describe('fees', () => {
  it('market orders pay taker, resting limits pay maker, a limit marketable when placed pays taker', () => {
    const venue = venueModel({ makerFee: 0.001, takerFee: 0.002 });
    const out = run({
      venue,
      strategy: scripted({
        0: (c) => c.orders.market(S, 'buy', 1), // taker at 100: fee 0.2
        1: (c) => c.orders.limit(S, 'sell', 1, 105), // rests (105 > close 100): maker at 105: fee 0.105
        3: (c) => c.orders.limit(S, 'buy', 1, 200), // marketable (200 >= 104): taker at the next open 104: fee 0.208
      }),
      series: [series(bars([[100, 100, 100, 100], [100, 100, 100, 100], [100, 106, 99, 104], [104, 104, 104, 104], [104, 104, 104, 104]]))],
    });
    expect(filled(out).map((e) => [e.fillPrice, +(e.fee ?? 0).toFixed(9)])).toEqual([[100, 0.2], [105, 0.105], [104, 0.208]]);
    expect(out.feesPaid).toBeCloseTo(0.513, 12);
    // Equity: 10000 - 0.2 + 5 (100 -> 105) - 0.105, then long 1 at 104 paying 0.208 with close 104.
    expect(out.equity[4]).toBeCloseTo(10_000 - 0.2 + 5 - 0.105 - 0.208, 9);
  });
});

describe('slippage', () => {
  it('fixedBps moves taker fills against the trader; maker fills do not slip', () => {
    const out = run({
      venue: venueModel({ slippage: { kind: 'fixedBps', bps: 10 } }),
      strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 1), 1: (c) => c.orders.limit(S, 'sell', 1, 105), 3: (c) => c.orders.market(S, 'sell', 1) }),
      series: [series(bars([[100, 100, 100, 100], [200, 200, 200, 200], [200, 200, 200, 200], [200, 200, 200, 200], [300, 300, 300, 300]]))],
    });
    // Buy at 200 * 1.001 = 200.2; limit 105 is marketable when placed (close 200): taker, slips to 199.8 (cap 105 not binding).
    expect(filled(out).map((e) => [e.side, e.fillPrice])).toEqual([['buy', 200.2], ['sell', 199.8]]);
  });

  it('volumeShare: at most maxShare of bar volume per bar, the remainder stays working; impact scales with share', () => {
    const out = run({
      venue: venueModel({ slippage: { kind: 'volumeShare', maxShare: 0.1, impactBps: 100 } }),
      strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 15) }),
      series: [series(bars([[100, 100, 100, 100, 100], [100, 100, 100, 100, 100], [100, 100, 100, 100, 40], [100, 100, 100, 100, 100]]))],
    });
    // Bar 1: capacity 10 -> 10 filled at full share: 100 * (1 + 100bp) = 101, remaining 5.
    // Bar 2: capacity 4 -> 4 filled at full share, 101; remaining 1. Bar 3: 1 of capacity 10 -> 10 bp: 100.1.
    expect(filled(out).map((e) => [e.kind, e.fillPrice, e.fillQty, e.remainingQty])).toEqual([
      ['partiallyFilled', 101, 10, 5],
      ['partiallyFilled', 101, 4, 1],
      ['filled', 100.1, 1, 0],
    ]);
  });
});

describe('instrument precision and funds', () => {
  it('rounds quantity down to lot and prices to tick', () => {
    const out = run({
      strategy: scripted({ 0: (c) => c.orders.limit(S, 'buy', 1.23456, 99.994) }),
      series: [series(bars([[100, 100, 100, 100], [100, 100, 90, 95]]), instrument(S, { tickSize: 0.05, lotSize: 0.01 }))],
    });
    expect(filled(out).map((e) => [e.fillPrice, e.fillQty])).toEqual([[100, 1.23]]);
  });

  it('rejects with QTY_TOO_SMALL, MIN_NOTIONAL and INSUFFICIENT_FUNDS as events', () => {
    const out = run({
      initialCash: 1_000,
      strategy: scripted({
        0: (c) => {
          c.orders.market(S, 'buy', 0.004);
          c.orders.market(S, 'buy', 0.05);
          c.orders.market(S, 'buy', 20);
        },
      }),
      series: [series(closes([100, 100]), instrument(S, { lotSize: 0.01, minNotional: 10 }))],
    });
    const codes = out.events.filter((e) => e.kind === 'rejected').map((e) => [e.orderId, e.code]);
    expect(codes).toEqual([['o1', 'QTY_TOO_SMALL'], ['o2', 'MIN_NOTIONAL'], ['o3', 'INSUFFICIENT_FUNDS']]);
    expect(out.equity[1]).toBe(1_000);
  });

  it('derived sizes (percent of equity) shrink to what is affordable after fees instead of failing', () => {
    const out = run({
      venue: venueModel({ takerFee: 0.01 }),
      strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', { kind: 'percentEquity', value: 1 }) }),
      series: [series(closes([100, 100]), instrument(S, { lotSize: 0.01 }))],
    });
    // 10000 / (100 * 1.01) = 99.0099 -> 99.00 lots.
    expect(filled(out).map((e) => e.fillQty)).toEqual([99]);
  });
});
