import { describe, expect, it } from 'vitest';
import { closes, run, scripted, series, venueModel } from '../backtest/fixtures.ts';

const S = 'BTC/USDT';
const codes = (out: ReturnType<typeof run>) => out.events.filter((e) => e.code !== undefined).map((e) => [e.orderId, e.kind, e.code]);

describe('rejections and cancels with stable codes', () => {
  it('UNKNOWN_SYMBOL, INVALID_ORDER and NO_PRICE', () => {
    const out = run({
      strategy: {
        apiVersion: 1,
        onStart(ctx) {
          ctx.orders.market(S, 'buy', { kind: 'notional', value: 100 }); // no close seen yet: cannot size
        },
        onBar(ctx) {
          if (ctx.bar.close !== 100) return;
          ctx.orders.market('DOGE/USDT', 'buy', 1);
          ctx.orders.limit(S, 'buy', 1, -5);
          ctx.orders.trailingStop(S, 'sell', 1, {});
          ctx.orders.market(S, 'buy', -3);
        },
      },
      series: [series(closes([100, 101]))],
    });
    expect(codes(out)).toEqual([
      ['o1', 'rejected', 'NO_PRICE'],
      ['o2', 'rejected', 'UNKNOWN_SYMBOL'],
      ['o3', 'rejected', 'INVALID_ORDER'],
      ['o4', 'rejected', 'INVALID_ORDER'],
      ['o5', 'rejected', 'INVALID_ORDER'],
    ]);
  });

  it('reduce-only with nothing to reduce is canceled with REDUCE_ONLY', () => {
    const out = run({
      strategy: scripted({ 0: (c) => c.orders.market(S, 'sell', 1, { reduceOnly: true }) }),
      series: [series(closes([100, 100]))],
      venue: venueModel({ allowShort: true }),
    });
    expect(codes(out)).toEqual([['o1', 'canceled', 'REDUCE_ONLY']]);
  });

  it('closing the position cancels its bracket legs with POSITION_CLOSED', () => {
    const out = run({
      strategy: scripted({
        0: (c) => c.orders.market(S, 'buy', 1, { stopLoss: 90, takeProfit: 120 }),
        1: (c) => c.orders.market(S, 'sell', 1),
      }),
      series: [series(closes([100, 100, 100, 100]))],
    });
    expect(codes(out)).toEqual([['o2', 'canceled', 'POSITION_CLOSED'], ['o3', 'canceled', 'POSITION_CLOSED']]);
    expect(out.trades.pnl.length).toBe(1);
  });

  it('cancelAll cancels queued and working orders of a symbol', () => {
    const out = run({
      strategy: scripted({
        0: (c) => c.orders.limit(S, 'buy', 1, 50),
        1: (c) => {
          c.orders.limit(S, 'buy', 1, 60);
          c.orders.cancelAll(S);
        },
      }),
      series: [series(closes([100, 100, 100]))],
    });
    expect(out.events.map((e) => [e.orderId, e.kind])).toEqual([['o1', 'accepted'], ['o2', 'canceled'], ['o1', 'canceled']]);
  });
});
