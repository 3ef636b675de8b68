import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '@strata/strategy-sdk';
import { bars, closes, run, scripted, series } from '../backtest/fixtures.ts';

const S = 'BTC/USDT';
const denied = (evs: readonly OrderEvent[]) => evs.filter((e) => e.kind === 'denied').map((e) => [e.orderId, e.code]);

describe('RiskEngine gate: denials are events delivered to onOrder, never exceptions', () => {
  it('RISK_MAX_POSITION: position notional above maxPositionPercent of equity', () => {
    const seen: OrderEvent[] = [];
    const out = run({
      risk: { maxPositionPercent: 0.5 },
      strategy: scripted({ 0: (c) => { c.orders.market(S, 'buy', 40); c.orders.market(S, 'buy', 20); } }, seen),
      series: [series(closes([100, 100]))],
    });
    // 40 * 100 = 4000 <= 5000 passes; then pending 40 + 20 = 60 -> 6000 > 5000 denied.
    expect(denied(out.events)).toEqual([['o2', 'RISK_MAX_POSITION']]);
    expect(seen.some((e) => e.kind === 'denied' && e.orderId === 'o2')).toBe(true);
  });

  it('RISK_MAX_ORDER_NOTIONAL, RISK_ORDERS_PER_BAR and RISK_MAX_OPEN_ORDERS', () => {
    const a = run({ risk: { maxOrderNotional: 1000 }, strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 11) }), series: [series(closes([100, 100]))] });
    expect(denied(a.events)).toEqual([['o1', 'RISK_MAX_ORDER_NOTIONAL']]);
    const b = run({
      risk: { maxOrdersPerBar: 2 },
      strategy: scripted({ 0: (c) => { for (let k = 0; k < 3; k++) c.orders.limit(S, 'buy', 1, 50); }, 1: (c) => c.orders.limit(S, 'buy', 1, 50) }),
      series: [series(closes([100, 100, 100]))],
    });
    expect(denied(b.events)).toEqual([['o3', 'RISK_ORDERS_PER_BAR']]);
    const c = run({
      risk: { maxOpenOrders: 2 },
      strategy: scripted({ 0: (x) => { x.orders.limit(S, 'buy', 1, 50); x.orders.limit(S, 'buy', 1, 51); }, 1: (x) => x.orders.limit(S, 'buy', 1, 52) }),
      series: [series(closes([100, 100, 100]))],
    });
    expect(denied(c.events)).toEqual([['o3', 'RISK_MAX_OPEN_ORDERS']]);
  });

  it('RISK_DRAWDOWN_HALT latches after the drawdown limit; reducing orders still pass', () => {
    const out = run({
      risk: { maxDrawdown: 0.1 },
      strategy: scripted({
        0: (c) => c.orders.market(S, 'buy', 100),
        2: (c) => c.orders.market(S, 'buy', 1), // equity 10000 - 100*15 = 8500: 15% down -> denied
        3: (c) => c.orders.market(S, 'sell', 100), // reduces: allowed
        5: (c) => c.orders.market(S, 'buy', 1), // still halted even though flat
      }),
      series: [series(closes([100, 100, 85, 85, 85, 85, 85]))],
    });
    expect(denied(out.events)).toEqual([['o2', 'RISK_DRAWDOWN_HALT'], ['o4', 'RISK_DRAWDOWN_HALT']]);
    expect(out.events.filter((e) => e.kind === 'filled').map((e) => e.orderId)).toEqual(['o1', 'o3']);
  });

  it('a strategy that re-sends on denial is stopped by the host cap, not by an infinite loop', () => {
    const strategy = {
      apiVersion: 1 as const,
      onBar(c: Parameters<NonNullable<ReturnType<typeof scripted>['onBar']>>[0]) {
        if (c.bar.close === 100) c.orders.market(S, 'buy', 1_000_000);
      },
      onOrder(c: Parameters<NonNullable<ReturnType<typeof scripted>['onBar']>>[0]) {
        c.orders.market(S, 'buy', 1_000_000);
      },
    };
    expect(() => run({ risk: { maxOrderNotional: 1 }, strategy, series: [series(bars([[100, 100, 100, 100]]))], caps: { maxOrdersPerBar: 5 } })).toThrow(/ORDER|orders in one bar/);
  });
});
