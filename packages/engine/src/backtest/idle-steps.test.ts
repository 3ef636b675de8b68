import type { OrderEvent, StrategyDefinition } from '@strata/strategy-sdk';
import { describe, expect, it } from 'vitest';
import type { VenueModel } from '../contract.ts';
import { computeReport } from '../metrics/report.ts';
import { run, series, venueModel, walk } from './fixtures.ts';

const S = 'BTC/USDT';

/**
 * Trades in bursts with long flat stretches between them (the engine's idle path), optionally with a
 * buy limit far below the market resting the whole run: it never fills, but keeps the venue busy on
 * every bar, so the run never takes the idle path. Both must give the same results.
 */
function bursts(anchor: boolean): StrategyDefinition<any, { n: number }> {
  return {
    apiVersion: 1,
    onStart(ctx) {
      if (anchor) ctx.orders.limit(S, 'buy', 1, 0.01, { tag: 'anchor' });
      return { n: 0 };
    },
    onBar(ctx, st) {
      const k = st.n++ % 300;
      const c = ctx.bar.close;
      if (k === 40) ctx.orders.target(S, { kind: 'targetPercent', value: 0.9 }, { tag: 'in' });
      if (k === 45) ctx.orders.limit(S, 'sell', { kind: 'qty', value: 0.5 }, c * 1.004, { tag: 'tp' });
      if (k === 60) ctx.orders.market(S, 'buy', { kind: 'percentEquity', value: 0.05 }, { stopLoss: c * 0.99, takeProfit: c * 1.01, tag: 'br' });
      if (k === 90) ctx.orders.target(S, { kind: 'targetQty', value: 0 }, { tag: 'out' });
      if (k === 95) for (const o of ctx.portfolio.openOrders) if (o.tag !== 'anchor') ctx.orders.cancel(o.id);
      if (k === 150) ctx.orders.market(S, 'buy', 0.00001, { tag: 'dust' }); // rejected: events while flat
    },
    onOrder(ctx, _st, ev) {
      if (ev.kind === 'filled' && ev.tag === 'in') ctx.orders.stop(S, 'sell', { kind: 'qty', value: ev.fillQty ?? 0 }, (ev.fillPrice ?? 0) * 0.97, { tag: 'stop', reduceOnly: true });
    },
  };
}

// Ids shift by one with the anchor order: compare everything else.
const strip = (events: readonly OrderEvent[]) => events.filter((e) => e.tag !== 'anchor')
  .map(({ orderId: _id, reason, ...rest }) => ({ ...rest, reason: reason?.replace(/\bo\d+\b/g, 'o#') }));

describe('idle steps', () => {
  const venues: [string, Partial<VenueModel>][] = [
    ['next open', {}],
    ['close fills with volume-share slippage', { fillOn: 'close', slippage: { kind: 'volumeShare', maxShare: 0.02, impactBps: 30 } }],
    ['leverage, shorts and maintenance margin', { leverage: 3, allowShort: true, maintenanceMargin: 0.05, takerFee: 0.001, makerFee: 0.0005 }],
  ];
  for (const [name, over] of venues) {
    it(`give the same results with and without open orders or positions across bars (${name})`, () => {
      const go = (anchor: boolean) => run({ strategy: bursts(anchor), initialCash: 10_000, series: [series(walk(3_000, 11))], venue: venueModel(over), risk: { maxDrawdown: 0.5 } });
      const idle = go(false);
      const busy = go(true);
      expect(idle.events.filter((e) => e.kind === 'filled').length).toBeGreaterThan(20);
      expect(strip(idle.events)).toEqual(strip(busy.events));
      expect([...idle.equity]).toEqual([...busy.equity]);
      expect([...idle.exposure]).toEqual([...busy.exposure]);
      expect(idle.trades).toEqual(busy.trades);
      expect(computeReport(idle, { initialCash: 10_000 }).metrics).toEqual(computeReport(busy, { initialCash: 10_000 }).metrics);
    });
  }
});
