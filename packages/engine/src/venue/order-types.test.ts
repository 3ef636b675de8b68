import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '@strata/strategy-sdk';
import { bars, run, scripted, series, venueModel } from '../backtest/fixtures.ts';

const S = 'BTC/USDT';
const fills = (evs: readonly OrderEvent[]) => evs.filter((e) => e.kind === 'filled' || e.kind === 'partiallyFilled').map((e) => [e.orderId, e.side, e.fillPrice, e.fillQty]);

describe('order types against the OHLC path (open -> nearer extreme -> other -> close)', () => {
  it('buy limit below the market fills at the limit when the low reaches it', () => {
    const out = run({
      strategy: scripted({ 0: (c) => c.orders.limit(S, 'buy', 1, 95) }),
      series: [series(bars([[100, 100, 100, 100], [100, 101, 97, 99], [99, 100, 94, 96]]))],
    });
    // Bar 1 low 97 > 95: nothing. Bar 2 trades down through 95: filled exactly at 95.
    expect(fills(out.events)).toEqual([['o1', 'buy', 95, 1]]);
  });

  it('a limit gapped through fills at the (better) open', () => {
    const out = run({
      strategy: scripted({ 0: (c) => c.orders.limit(S, 'buy', 1, 95) }),
      series: [series(bars([[100, 100, 100, 100], [90, 92, 89, 91]]))],
    });
    expect(fills(out.events)).toEqual([['o1', 'buy', 90, 1]]);
  });

  it('sell stop fills at the stop inside the bar, and at the (worse) open after a gap', () => {
    const inside = run({
      strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 1), 1: (c) => c.orders.stop(S, 'sell', 1, 95) }),
      series: [series(bars([[100, 100, 100, 100], [100, 100, 100, 100], [99, 100, 94, 96]]))],
    });
    expect(fills(inside.events)).toEqual([['o1', 'buy', 100, 1], ['o2', 'sell', 95, 1]]);
    const gap = run({
      strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 1), 1: (c) => c.orders.stop(S, 'sell', 1, 95) }),
      series: [series(bars([[100, 100, 100, 100], [100, 100, 100, 100], [90, 93, 88, 92]]))],
    });
    expect(fills(gap.events)).toEqual([['o1', 'buy', 100, 1], ['o2', 'sell', 90, 1]]);
  });

  it('buy stop fills at the stop when the high reaches it', () => {
    const out = run({
      strategy: scripted({ 0: (c) => c.orders.stop(S, 'buy', 1, 105) }),
      series: [series(bars([[100, 100, 100, 100], [101, 106, 100, 104]]))],
    });
    expect(fills(out.events)).toEqual([['o1', 'buy', 105, 1]]);
  });

  it('stop-limit: triggers at the stop, then fills only at the limit or better', () => {
    // Buy stop 105 limit 104: bar 1 path 101 -> 100 (low nearer) -> 106 -> 104. Trigger at 105 is not
    // marketable (105 > 104); the order rests as a limit and fills on the move 106 -> 104 at 104.
    const out = run({
      strategy: scripted({ 0: (c) => c.orders.stopLimit(S, 'buy', 1, 105, 104) }),
      series: [series(bars([[100, 100, 100, 100], [101, 106, 100, 104]]))],
    });
    expect(fills(out.events)).toEqual([['o1', 'buy', 104, 1]]);
    // Marketable at trigger (limit 106 >= stop 105): fills at the trigger price 105.
    const out2 = run({
      strategy: scripted({ 0: (c) => c.orders.stopLimit(S, 'buy', 1, 105, 106) }),
      series: [series(bars([[100, 100, 100, 100], [101, 106, 100, 104]]))],
    });
    expect(fills(out2.events)).toEqual([['o1', 'buy', 105, 1]]);
  });

  it('trailing stop (amount) ratchets with the best price and fills on the retrace', () => {
    // Long 1 at 100. Trail 5 from the close 100 -> stop 95. Bar 2 rises to 110 (stop 105), bar 3 falls to 103.
    const out = run({
      strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 1), 1: (c) => c.orders.trailingStop(S, 'sell', 1, { amount: 5 }) }),
      series: [series(bars([[100, 100, 100, 100], [100, 100, 100, 100], [100, 110, 100, 109], [108, 108, 103, 104]]))],
    });
    expect(fills(out.events)).toEqual([['o1', 'buy', 100, 1], ['o2', 'sell', 105, 1]]);
  });

  it('trailing stop (percent) for a short covers on a rise', () => {
    const out = run({
      strategy: scripted({ 0: (c) => c.orders.market(S, 'sell', 1), 1: (c) => c.orders.trailingStop(S, 'buy', 1, { percent: 0.1 }) }),
      series: [series(bars([[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 80, 81], [82, 90, 81, 89]]))],
      venue: venueModel({ allowShort: true }),
    });
    // Best low 80 -> stop 80 * 1.1 = 88; bar 3 rises through 88.
    expect(fills(out.events)).toEqual([['o1', 'sell', 100, 1], ['o2', 'buy', 88, 1]]);
  });

  it('bracket: stop-loss and take-profit become OCO legs once the entry fills; first touched wins', () => {
    const out = run({
      strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 1, { stopLoss: 95, takeProfit: 110 }) }),
      series: [series(bars([[100, 100, 100, 100], [100, 101, 99, 100], [100, 111, 99, 105], [105, 106, 90, 95]]))],
    });
    expect(fills(out.events)).toEqual([['o1', 'buy', 100, 1], ['o3', 'sell', 110, 1]]);
    const legs = out.orders.slice(1).map((o) => [o.id, o.type, o.side, o.stopPrice ?? o.limitPrice]);
    expect(legs).toEqual([['o2', 'stop', 'sell', 95], ['o3', 'limit', 'sell', 110]]);
    const cancel = out.events.find((e) => e.kind === 'canceled');
    expect(cancel).toMatchObject({ orderId: 'o2', code: 'OCO' });
  });

  it('bracket legs can trigger in the entry bar (path after the open)', () => {
    const out = run({
      strategy: scripted({ 0: (c) => c.orders.market(S, 'buy', 1, { stopLoss: 95, takeProfit: 110 }) }),
      series: [series(bars([[100, 100, 100, 100], [100, 101, 94, 96]]))],
    });
    expect(fills(out.events)).toEqual([['o1', 'buy', 100, 1], ['o2', 'sell', 95, 1]]);
  });

  it('cancel removes a working order; ioc expires its remainder; day orders expire at the UTC day end', () => {
    const out = run({
      strategy: scripted({
        0: (c) => {
          c.orders.limit(S, 'buy', 1, 50);
          c.orders.limit(S, 'buy', 1, 60, { tif: 'ioc' });
        },
        1: (c) => c.orders.cancel('o1'),
      }),
      series: [series(bars([[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100]]))],
    });
    expect(out.events.map((e) => [e.kind, e.orderId])).toEqual([['accepted', 'o1'], ['accepted', 'o2'], ['expired', 'o2'], ['canceled', 'o1']]);
    const day = run({
      strategy: scripted({ 0: (c) => c.orders.limit(S, 'buy', 1, 50, { tif: 'day' }) }),
      series: [series(bars([[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100]], 12 * 3_600_000))],
    });
    // Bars at 00:00, 12:00, next day 00:00: the order expires on the third bar.
    expect(day.events.map((e) => e.kind)).toEqual(['accepted', 'expired']);
  });
});
