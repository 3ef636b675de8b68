import type { OrderEvent, OrderEventKind } from '@strata/strategy-sdk';
import type { WorkingOrder } from './order.ts';

export interface EventExtra {
  code?: string;
  reason?: string;
  fillPrice?: number;
  fillQty?: number;
  fee?: number;
  remainingQty?: number;
}

/**
 * Builds an order event. Every event has the same shape (absent fields are `undefined`, which JSON
 * drops) so the code handling them stays monomorphic. Events are immutable by type (`readonly`);
 * they are not `Object.freeze`d at run time because freezing was the single most expensive line of
 * the order path (the sandbox hands copies to user code anyway).
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
  };
}
