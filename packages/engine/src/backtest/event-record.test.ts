import type { OrderEvent, OrderIntent, StrategyDefinition } from '@strata/strategy-sdk';
import { describe, expect, it } from 'vitest';
import type { RecordEvents } from '../contract.ts';
import { busy, closes, instrument, run, series, venueModel, walk } from './fixtures.ts';

const S = 'BTC/USDT';

describe('the event and intent record', () => {
  it('a strategy that edits the events and open orders it is handed cannot change the recorded ones', () => {
    const handed: OrderEvent[] = [];
    const vandal: StrategyDefinition<any, { i: number }> = {
      apiVersion: 1,
      onStart: () => ({ i: 0 }),
      onBar(ctx, st) {
        if (st.i++ === 0) ctx.orders.limit(S, 'buy', 1, 50, { tag: 'mine' });
        for (const o of ctx.portfolio.openOrders) {
          const w = o as { -readonly [K in keyof OrderIntent]: OrderIntent[K] };
          w.tag = 'forged';
          w.limitPrice = 1;
          (w.size as { value: number }).value = 999;
        }
      },
      onOrder(_ctx, _st, ev) {
        handed.push(ev);
        const w = ev as { -readonly [K in keyof OrderEvent]: OrderEvent[K] };
        w.kind = 'filled';
        w.fillPrice = 1;
        w.fillQty = 1_000;
      },
    };
    const out = run({ strategy: vandal, series: [series(closes([100, 100, 100, 100]))] });
    expect(handed.length).toBe(1);
    expect(out.events.map((e) => [e.orderId, e.kind, e.fillPrice, e.tag])).toEqual([['o1', 'accepted', undefined, 'mine']]);
    expect(out.orders[0]).toMatchObject({ id: 'o1', limitPrice: 50, tag: 'mine', size: { kind: 'qty', value: 1 } });
    expect(out.trades.pnl.length).toBe(0);
  });

  it('rejections of one code share one reason text; the numbers are in limit/actual', () => {
    const out = run({
      strategy: {
        apiVersion: 1,
        onBar(ctx) {
          ctx.orders.market(S, 'buy', 0.05); // notional 5.00 at 100
          ctx.orders.market(S, 'buy', 0.07); // 7.00
          ctx.orders.market(S, 'buy', 0.004); // rounds to 0 lots
        },
      },
      series: [series(closes([100]), instrument(S, { lotSize: 0.01, minNotional: 10 }))],
    });
    const mn = out.events.filter((e) => e.code === 'MIN_NOTIONAL');
    expect(mn.map((e) => [e.limit, e.actual])).toEqual([[10, 5], [10, 7.000000000000001]]);
    expect(mn[0].reason).toBe(mn[1].reason);
    expect(mn[0].reason).not.toMatch(/\d/);
    const q = out.events.find((e) => e.code === 'QTY_TOO_SMALL');
    expect([q?.limit, q?.actual]).toEqual([0.01, 0.004]);
  });

  it("caps.recordEvents 'fills' and 'none' keep less output without changing the run", () => {
    const go = (recordEvents?: RecordEvents) => {
      const seen: string[] = [];
      const strategy = { ...busy, onOrder: (_c: unknown, _s: unknown, ev: OrderEvent) => { seen.push(`${ev.orderId}:${ev.kind}`); } };
      const out = run({
        strategy, initialCash: 100_000, series: [series(walk(2_000, 3))], caps: recordEvents ? { recordEvents } : undefined,
        venue: venueModel({ allowShort: true, leverage: 2, maintenanceMargin: 0.05, takerFee: 0.001 }),
      });
      return { out, seen };
    };
    const all = go();
    const fills = go('fills');
    const none = go('none');
    const fillKinds = new Set(['filled', 'partiallyFilled', 'liquidated']);
    expect(all.out.events.length).toBeGreaterThan(500);
    for (const r of [fills, none]) {
      expect(r.seen).toEqual(all.seen);
      expect([...r.out.equity]).toEqual([...all.out.equity]);
      expect([...r.out.trades.pnl]).toEqual([...all.out.trades.pnl]);
      expect(r.out.ordersEmitted).toBe(all.out.ordersEmitted);
    }
    const expectedFills = all.out.events.filter((e) => fillKinds.has(e.kind));
    expect(fills.out.events).toEqual(expectedFills);
    const filledIds = new Set(expectedFills.map((e) => e.orderId));
    expect(fills.out.orders).toEqual(all.out.orders.filter((o) => filledIds.has(o.id)));
    expect(fills.out.orders.length).toBeLessThan(all.out.orders.length);
    expect(none.out.events).toEqual([]);
    expect(none.out.orders).toEqual([]);
  });

  it('rejects an unknown caps.recordEvents value', () => {
    expect(() => run({ strategy: busy, series: [series(closes([100]))], caps: { recordEvents: 'some' as RecordEvents } })).toThrow(/recordEvents/);
  });
});
