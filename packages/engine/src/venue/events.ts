import type { OrderEvent, OrderEventKind } from '@strata/strategy-sdk';
import type { WorkingOrder } from './order.ts';

/** Builds an immutable order event; optional fields are present only when they carry information. */
export function orderEvent(
  kind: OrderEventKind, o: WorkingOrder, symbol: string, time: number,
  extra?: { code?: string; reason?: string; fillPrice?: number; fillQty?: number; fee?: number; remainingQty?: number },
): OrderEvent {
  const ev: { -readonly [K in keyof OrderEvent]: OrderEvent[K] } = { kind, orderId: o.id, symbol, time, side: o.side };
  if (extra) {
    if (extra.code !== undefined) ev.code = extra.code;
    if (extra.reason !== undefined) ev.reason = extra.reason;
    if (extra.fillPrice !== undefined) ev.fillPrice = extra.fillPrice;
    if (extra.fillQty !== undefined) ev.fillQty = extra.fillQty;
    if (extra.fee !== undefined) ev.fee = extra.fee;
    if (extra.remainingQty !== undefined) ev.remainingQty = extra.remainingQty;
  }
  if (o.intent.tag !== undefined) ev.tag = o.intent.tag;
  return Object.freeze(ev);
}
