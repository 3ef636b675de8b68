import type { OrderEvent, OrderIntent, StrategyDefinition } from '@strata/strategy-sdk';
import { describe, expect, it } from 'vitest';
import { busy, run, series, venueModel, walk } from '../backtest/fixtures.ts';
import { decodeRecords, defineLazy } from './decode-records.ts';
import { EventRecord } from './event-record.ts';
import { EVENT_SPEC, ORDER_SPEC } from './record-spec.ts';

/** The busy fixture, also keeping every event it is handed and every open order intent it sees. */
function watched() {
  const handed: OrderEvent[] = [];
  const intents = new Map<string, OrderIntent>();
  const strategy: StrategyDefinition<any, { n: number }> = {
    ...busy,
    onBar(ctx, st) {
      busy.onBar(ctx, st);
      for (const o of ctx.portfolio.openOrders) if (!intents.has(o.id)) intents.set(o.id, structuredClone(o));
    },
    onOrder(_ctx, _st, ev) { handed.push(ev); },
  };
  return { strategy, handed, intents };
}

const leveraged = venueModel({ allowShort: true, leverage: 2, maintenanceMargin: 0.05, takerFee: 0.001 });

describe('the columnar event and intent record', () => {
  it('decodes to exactly the events the engine delivered, key order and all, past several column growths', () => {
    const w = watched();
    const out = run({ strategy: w.strategy, initialCash: 100_000, series: [series(walk(6_000, 5))], venue: leveraged });
    expect(w.handed.length).toBeGreaterThan(4 * 1_024);
    expect(out.record.events.n).toBe(w.handed.length);
    expect(out.events).toStrictEqual(w.handed);
    expect(Object.keys(out.events[0]!)).toEqual(EVENT_SPEC.keys);
    // the same strings are stored once
    expect(new Set(out.record.strings).size).toBe(out.record.strings.length);
  });

  it('records every intent as it was placed (the open orders the strategy saw carry the same fields)', () => {
    const w = watched();
    const out = run({ strategy: w.strategy, initialCash: 100_000, series: [series(walk(3_000, 9))], venue: leveraged });
    expect(out.orders.length).toBe(out.ordersEmitted);
    expect(Object.keys(out.orders[0]!)).toEqual(ORDER_SPEC.keys);
    const byId = new Map(out.orders.map((o) => [o.id, o]));
    expect(w.intents.size).toBeGreaterThan(100);
    for (const [id, seen] of w.intents) expect(byId.get(id)).toEqual(seen);
    const kinds = new Set(out.orders.map((o) => `${o.type}:${o.size.kind}`));
    expect(kinds).toEqual(new Set(['market:targetPercent', 'limit:qty', 'stop:qty', 'market:percentEquity', 'trailingStop:qty']));
    expect(out.orders.filter((o) => o.reduceOnly === true).length).toBeGreaterThan(0);
    expect(out.orders.find((o) => o.stopLoss !== undefined)).toMatchObject({ type: 'market', size: { kind: 'percentEquity', value: 0.1 } });
  });

  it('keeps NaN, infinities and absent fields apart, and the JSON form matches a JSON round trip', () => {
    const rec = new EventRecord();
    const base = { kind: 'rejected', orderId: 'o1', symbol: 'X', time: 5, side: 'buy', code: 'C', reason: 'r', fillPrice: Number.NaN, fillQty: undefined, fee: Infinity, remainingQty: 0, tag: undefined, limit: -0, actual: 1e-300 } as unknown as OrderEvent;
    rec.event(base);
    rec.event({ ...base, orderId: 'o2', tag: 't' });
    rec.intent({ id: 'o1', symbol: 'X', side: 'sell', type: 'limit', size: { kind: 'qty', value: 2 }, limitPrice: 9, reduceOnly: false } as OrderIntent);
    const r = rec.take();
    expect(decodeRecords(r.events, EVENT_SPEC, r.strings, 'engine')).toStrictEqual([base, { ...base, orderId: 'o2', tag: 't' }]);
    expect(decodeRecords(r.events, EVENT_SPEC, r.strings, 'json')).toStrictEqual(JSON.parse(JSON.stringify([base, { ...base, orderId: 'o2', tag: 't' }])));
    const [intent] = decodeRecords<OrderIntent>(r.orders, ORDER_SPEC, r.strings, 'engine');
    expect(intent).toEqual({ id: 'o1', symbol: 'X', side: 'sell', type: 'limit', size: { kind: 'qty', value: 2 }, limitPrice: 9, reduceOnly: false });
    expect(r.strings.filter((s) => s === 'o1').length).toBe(1);
  });

  it("'fills' keeps the intents of filled orders only, as fresh exact-length columns", () => {
    const rec = new EventRecord();
    const ev = (orderId: string, kind: string) => ({ kind, orderId, symbol: 'X', time: 1, side: 'buy' }) as OrderEvent;
    for (const id of ['o1', 'o2', 'o3']) rec.intent({ id, symbol: 'X', side: 'buy', type: 'market', size: { kind: 'qty', value: 1 } } as OrderIntent);
    rec.event(ev('o1', 'filled'));
    rec.event(ev('o3', 'liquidated'));
    const r = rec.take(true);
    expect(decodeRecords<OrderIntent>(r.orders, ORDER_SPEC, r.strings).map((o) => o.id)).toEqual(['o1', 'o3']);
    expect(r.orders.s.length).toBe(2 * ORDER_SPEC.strings.length);
    expect(r.events.f.buffer.byteLength).toBe(2 * EVENT_SPEC.numbers.length * 8);
    expect(EventRecord.isFill('partiallyFilled') && !EventRecord.isFill('accepted')).toBe(true);
  });

  it('defineLazy computes once on first read, and a write replaces the value', () => {
    let calls = 0;
    const obj = { a: [] as number[] };
    defineLazy(obj, 'a', () => { calls++; return [1, 2]; });
    expect(calls).toBe(0);
    expect({ ...obj }).toEqual({ a: [1, 2] });
    expect(obj.a).toEqual([1, 2]);
    expect(calls).toBe(1);
    obj.a = [3];
    expect(obj.a).toEqual([3]);
  });
});
