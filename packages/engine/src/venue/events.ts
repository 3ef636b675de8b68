import type { OrderEvent, OrderEventKind } from '@strata/strategy-sdk';
import type { WorkingOrder } from './order.ts';

export interface EventExtra {
  code?: string;
  /** A fixed text per code (no numbers in it: identical codes share one string); numbers go in limit/actual. */
  reason?: string;
  fillPrice?: number;
  fillQty?: number;
  fee?: number;
  remainingQty?: number;
  limit?: number;
  actual?: number;
}

/**
 * Builds an order event. Every event has the same shape (absent fields are `undefined`, which JSON
 * drops) so the code handling them stays monomorphic. Events are immutable by type (`readonly`) and
 * are not `Object.freeze`d (freezing was the single most expensive line of the order path). The
 * run's record is columns written when the event is emitted (record/event-record.ts), before
 * `onOrder` gets the object: a strategy that edits what it was handed cannot change the record.
 */
export function orderEvent(kind: OrderEventKind, o: WorkingOrder, symbol: string, time: number, extra?: EventExtra): OrderEvent {
  return {
    kind,
    orderId: o.id,
    symbol,
    time,
    side: o.side,
    code: extra?.code,
    reason: extra?.reason,
    fillPrice: extra?.fillPrice,
    fillQty: extra?.fillQty,
    fee: extra?.fee,
    remainingQty: extra?.remainingQty,
    tag: o.intent.tag,
    limit: extra?.limit,
    actual: extra?.actual,
  };
}
