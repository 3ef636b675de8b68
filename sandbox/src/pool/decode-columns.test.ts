import { describe, expect, it } from 'vitest';
import { StringTable, encodeEvents, encodeOrders } from '../isolate/columnar-output.ts';
import { EVENT_SPEC, ORDER_SPEC } from '../isolate/column-spec.ts';
import { OutputTooLarge } from '../isolate/output-budget.ts';
import { decodeRecords, defineLazy } from './decode-columns.ts';

// What the former JSON path produced for the same records: the reference for the columnar one.
const viaJson = (x: unknown) => JSON.parse(JSON.stringify(x));

const events = [
  { kind: 'accepted', orderId: 'o1', symbol: 'BTC/USDT', time: 1, side: 'buy', remainingQty: 2 },
  { kind: 'filled', orderId: 'o1', symbol: 'BTC/USDT', time: 2, side: 'buy', fillPrice: 101.5, fillQty: 2, fee: 0.2, remainingQty: 0, tag: 'x' },
  { kind: 'rejected', orderId: 'o2', symbol: 'ETH/USDT', time: 3, side: 'sell', code: 'MIN_NOTIONAL', reason: 'r'.repeat(2_000), fillPrice: Number.NaN, fee: Infinity, limit: 1, actual: 0.99 },
  { kind: 'canceled', orderId: 'o3', time: 4, extra: 'ignored', tag: 't'.repeat(300), fillQty: '5' },
];
const orders = [
  { id: 'o1', symbol: 'BTC/USDT', side: 'buy', type: 'market', size: { kind: 'targetPercent', value: 0.95 } },
  { id: 'o2', symbol: 'BTC/USDT', side: 'sell', type: 'limit', size: { kind: 'qty' }, limitPrice: 99, tif: 'gtc', reduceOnly: false, tag: 'a' },
  { id: 'o3', symbol: 'BTC/USDT', side: 'sell', type: 'stop', stopPrice: 98, stopLoss: 1, takeProfit: 2, trailAmount: 3, trailPercent: 4, reduceOnly: true, size: 7 },
];
// the JSON path's field pickers: known keys only, strings cut to 256 (reasons 1024)
const cut = (v: unknown, max = 256) => (typeof v === 'string' ? v.slice(0, max) : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const pickedEvents = events.map((e: any) => ({
  kind: cut(e.kind), orderId: cut(e.orderId), symbol: cut(e.symbol), time: num(e.time), side: cut(e.side), code: cut(e.code),
  reason: cut(e.reason, 1024), fillPrice: num(e.fillPrice), fillQty: num(e.fillQty), fee: num(e.fee), remainingQty: num(e.remainingQty), tag: cut(e.tag),
  limit: num(e.limit), actual: num(e.actual),
}));
const pickedOrders = orders.map((o: any) => ({
  id: cut(o.id), symbol: cut(o.symbol), side: cut(o.side), type: cut(o.type),
  size: o.size && typeof o.size === 'object' ? { kind: cut(o.size.kind), value: num(o.size.value) } : undefined,
  limitPrice: num(o.limitPrice), stopPrice: num(o.stopPrice), trailAmount: num(o.trailAmount), trailPercent: num(o.trailPercent),
  stopLoss: num(o.stopLoss), takeProfit: num(o.takeProfit), tif: cut(o.tif), reduceOnly: typeof o.reduceOnly === 'boolean' ? o.reduceOnly : undefined, tag: cut(o.tag),
}));

describe('columnar events and orders', () => {
  it('decode to exactly what the JSON form produced, key order included', () => {
    const budget = { used: 0, max: 1 << 20 };
    const table = new StringTable(budget);
    const e = encodeEvents(events, table, budget);
    const o = encodeOrders(orders, table, budget);
    const strings = viaJson(table.list) as string[];
    const decodedEvents = decodeRecords(e, EVENT_SPEC, strings);
    const decodedOrders = decodeRecords(o, ORDER_SPEC, strings);
    expect(JSON.stringify(decodedEvents)).toBe(JSON.stringify(pickedEvents));
    expect(JSON.stringify(decodedOrders)).toBe(JSON.stringify(pickedOrders));
    expect(decodedEvents).toEqual(viaJson(pickedEvents));
    expect(table.list.filter((s) => s === 'BTC/USDT')).toHaveLength(1); // repeated strings cross once
  });

  it('enforces the output budget before allocating columns and while the string table grows', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ kind: 'accepted', orderId: `o${i}`, time: i }));
    const small = { used: 0, max: 50_000 };
    expect(() => encodeEvents(many, new StringTable(small), small)).toThrow(OutputTooLarge);
    const roomy = { used: 0, max: 500_000 };
    const unique = Array.from({ length: 2_000 }, (_, i) => ({ kind: 'x', reason: `${i}`.padEnd(1_000, 'y') }));
    expect(() => encodeEvents(unique, new StringTable(roomy), roomy)).toThrow(OutputTooLarge);
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
