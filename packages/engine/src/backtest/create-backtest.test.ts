import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '@strata/strategy-sdk';
import { createBacktest } from './create-backtest.ts';
import { bars, closes, run, scripted, series, T0, MINUTE, venueModel } from './fixtures.ts';

describe('createBacktest: market orders and target sizing', () => {
  it('fills a market order placed on bar i at bar i+1 open (nextOpen) and marks equity to close', () => {
    const seen: OrderEvent[] = [];
    const out = run({
      strategy: scripted({ 0: (ctx) => ctx.orders.market('BTC/USDT', 'buy', 2) }, seen),
      series: [series(bars([[100, 101, 99, 100], [102, 104, 101, 103], [103, 106, 102, 105]]))],
    });
    expect(seen.map((e) => e.kind)).toEqual(['accepted', 'filled']);
    expect(seen[1]).toMatchObject({ orderId: 'o1', fillPrice: 102, fillQty: 2, time: T0 + MINUTE });
    // cash 10000 - 204 = 9796; equity at bar1 = 9796 + 2*103 = 10002; bar2 = 9796 + 210 = 10006
    expect([...out.equity]).toEqual([10_000, 10_002, 10_006]);
    expect([...out.exposure]).toEqual([0, 1, 1]);
  });

  it('fills at the same bar close with fillOn close', () => {
    const out = run({
      strategy: scripted({ 0: (ctx) => ctx.orders.market('BTC/USDT', 'buy', 1) }),
      series: [series(closes([100, 110]))],
      venue: venueModel({ fillOn: 'close' }),
    });
    expect(out.events.find((e) => e.kind === 'filled')?.fillPrice).toBe(100);
    expect([...out.equity]).toEqual([10_000, 10_010]);
  });

  it('target sizing: targetPercent buys equity/price, returns undefined at target, flattens with 0', () => {
    const ids: (string | undefined)[] = [];
    const out = run({
      strategy: scripted({
        0: (ctx) => ids.push(ctx.orders.target('BTC/USDT', { kind: 'targetPercent', value: 0.5 })),
        1: (ctx) => ids.push(ctx.orders.target('BTC/USDT', { kind: 'targetQty', value: 50 })),
        2: (ctx) => ids.push(ctx.orders.target('BTC/USDT', { kind: 'targetQty', value: 0 })),
      }),
      series: [series(closes([100, 100, 100, 100]))],
    });
    expect(ids).toEqual(['o1', undefined, 'o2']);
    const fills = out.events.filter((e) => e.kind === 'filled');
    expect(fills.map((e) => [e.side, e.fillQty])).toEqual([['buy', 50], ['sell', 50]]);
    expect(out.trades.pnl.length).toBe(1);
  });

  it('two target calls in one bar do not double the order', () => {
    const out = run({
      strategy: scripted({
        0: (ctx) => {
          ctx.orders.target('BTC/USDT', { kind: 'targetQty', value: 3 });
          ctx.orders.target('BTC/USDT', { kind: 'targetQty', value: 3 });
        },
      }),
      series: [series(closes([100, 100, 100]))],
    });
    expect(out.orders.length).toBe(1);
    expect(out.events.filter((e) => e.kind === 'filled')[0].fillQty).toBe(3);
  });

  it('step() can be called in chunks and gives the same result as one call', () => {
    const strat = () => scripted({ 1: (ctx) => ctx.orders.market('BTC/USDT', 'buy', 1), 3: (ctx) => ctx.orders.market('BTC/USDT', 'sell', 1) });
    const mk = () => createBacktest({ strategy: strat(), params: {}, series: [series(closes([1, 2, 3, 4, 5, 6]))], venue: venueModel(), initialCash: 100 });
    const a = mk();
    expect(a.step(2)).toBe(2);
    expect(a.step(4)).toBe(4);
    a.step(99);
    const b = mk();
    b.step(b.length);
    expect(JSON.stringify(a.finish().events)).toBe(JSON.stringify(b.finish().events));
  });
});
