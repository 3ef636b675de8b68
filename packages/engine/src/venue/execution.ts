import type { OrderIntent } from '@strata/strategy-sdk';
import { newWorkingOrder, type WorkingOrder } from './order.ts';
import type { SimulatedVenue } from './simulated-venue.ts';
import { barCapacity, slippedPrice } from './slippage.ts';
import type { Hit } from './triggers.ts';

/**
 * Trades (part of) `o` at `rawPrice` (before slippage). Applies, in this order: bar volume capacity,
 * reduce-only and no-short clamps, slippage (takers only, capped by a limit), tick rounding, the
 * margin check (derived sizes shrink to what is affordable, explicit sizes are rejected), fees.
 * Returns the quantity filled (0 if nothing traded).
 */
export function executeFill(v: SimulatedVenue, o: WorkingOrder, rawPrice: number, hit: Hit, time: number, legsFrom: number): number {
  const s = o.s;
  const acct = o.account;
  const prec = v.precision[s];
  const model = v.model;
  let qty = o.qty;
  const room = barCapacity(model.slippage, v.barVolume[s]) - v.consumed[s];
  if (room < qty) {
    qty = prec.qty(room);
    if (qty <= 0) return 0;
  }
  const pos = acct.qty[s];
  if (o.reduceOnly) {
    const max = o.dir > 0 ? Math.max(0, -pos) : Math.max(0, pos);
    if (max <= 0) {
      v.finish(o);
      v.emit('canceled', o, time, { code: 'REDUCE_ONLY', reason: 'reduce-only order with no position to reduce', remainingQty: o.qty });
      return 0;
    }
    if (qty > max) qty = shrink(o, max);
  }
  if (!model.allowShort && o.dir < 0 && qty > pos) {
    if (pos <= 0) {
      v.reject(o, time, 'SHORT_NOT_ALLOWED', 'the venue does not allow short positions');
      return 0;
    }
    qty = shrink(o, pos);
  }
  let price = rawPrice;
  if (!hit.maker) {
    price = slippedPrice(model.slippage, rawPrice, o.dir, qty, v.barVolume[s]);
    if (hit.cap === hit.cap) price = o.dir > 0 ? Math.min(price, hit.cap) : Math.max(price, hit.cap);
  }
  price = prec.price(price);
  const feeRate = hit.maker ? model.makerFee : model.takerFee;
  // Margin: only the part that grows |position| needs margin (notional / leverage) on top of the fee.
  const marks = v.portfolio.marks;
  const mark = marks[s] === marks[s] ? marks[s] : price;
  const equity = acct.equity(marks) + pos * (price - mark);
  const gross = acct.grossNotional(marks) + Math.abs(pos) * (price - mark);
  const available = equity - gross / model.leverage;
  const increase = Math.max(0, Math.abs(pos + o.dir * qty) - Math.abs(pos));
  if (increase > 0 && increase * price / model.leverage + qty * price * feeRate > available + 1e-9) {
    const reducing = pos * o.dir < 0 ? Math.min(qty, Math.abs(pos)) : 0;
    let affordable = 0;
    if (o.origin === 'derived') {
      const budget = available - reducing * price * feeRate;
      const inc = budget > 0 ? budget / (price / model.leverage + price * feeRate) : 0;
      affordable = prec.qty(reducing + inc);
      if (affordable * price < prec.minNotional) affordable = 0;
    }
    if (affordable <= 0 || o.origin === 'explicit') {
      v.reject(o, time, 'INSUFFICIENT_FUNDS', 'margin plus fees exceed the funds available', available, increase * price / model.leverage + qty * price * feeRate);
      return 0;
    }
    // The order is resized, not left working for the shortfall.
    if (o.countsPending) acct.pending[s] -= o.dir * (o.qty - affordable);
    o.qty = affordable;
    qty = Math.min(qty, affordable);
  }
  const fee = qty * price * feeRate;
  acct.fill(s, o.dir * qty, price, fee, time);
  v.consumed[s] += qty;
  o.filled += qty;
  o.qty = prec.qty(o.qty - qty);
  if (o.countsPending) acct.pending[s] -= o.dir * qty;
  const complete = o.qty <= 1e-9 * o.filled;
  if (complete) {
    o.qty = 0;
    v.finish(o);
  }
  v.emit(complete ? 'filled' : 'partiallyFilled', o, time, { fillPrice: price, fillQty: qty, fee, remainingQty: o.qty });
  const sib = o.sibling;
  if (sib && !sib.done) {
    sib.qty = prec.qty(sib.qty - qty);
    if (sib.qty <= 0 || complete) {
      v.finish(sib);
      v.emit('canceled', sib, time, { code: 'OCO', reason: `other leg ${o.id} filled`, remainingQty: sib.qty });
    }
  }
  if (complete && (o.stopLoss === o.stopLoss || o.takeProfit === o.takeProfit)) placeBracket(v, o, legsFrom);
  if (acct.qty[s] === 0) cancelReduceOnly(v, o, time);
  return qty;
}

/** Cuts the whole order down to `to` (the cut part is not left working). */
function shrink(o: WorkingOrder, to: number): number {
  if (o.countsPending) o.account.pending[o.s] -= o.dir * (o.qty - to);
  o.qty = to;
  return to;
}

function placeBracket(v: SimulatedVenue, parent: WorkingOrder, activeFrom: number): void {
  const exitSide = parent.dir > 0 ? 'sell' : 'buy';
  const legs: WorkingOrder[] = [];
  const mk = (type: 'stop' | 'limit', price: number, name: string): void => {
    const intent: OrderIntent = Object.freeze({
      id: v.hooks.nextId(), symbol: parent.intent.symbol, side: exitSide, type,
      size: { kind: 'qty', value: parent.filled } as const,
      ...(type === 'stop' ? { stopPrice: price } : { limitPrice: price }),
      reduceOnly: true, tif: 'gtc' as const,
      ...(parent.intent.tag !== undefined ? { tag: parent.intent.tag } : {}),
    });
    v.hooks.recordIntent(intent);
    const leg = newWorkingOrder(intent, parent.account, parent.s, exitSide, parent.filled, 'explicit');
    leg.activeFrom = activeFrom;
    leg.placedAt = activeFrom;
    v.working.push(leg);
    v.workingCount[leg.s]++;
    legs.push(leg);
    v.emit('accepted', leg, activeFrom, { reason: `bracket ${name} of ${parent.id}`, remainingQty: leg.qty });
  };
  if (parent.stopLoss === parent.stopLoss) mk('stop', parent.stopLoss, 'stopLoss');
  if (parent.takeProfit === parent.takeProfit) mk('limit', parent.takeProfit, 'takeProfit');
  if (legs.length === 2) {
    legs[0].sibling = legs[1];
    legs[1].sibling = legs[0];
  }
}

/** A flat position leaves nothing for reduce-only orders (e.g. bracket legs) to do. */
function cancelReduceOnly(v: SimulatedVenue, filled: WorkingOrder, time: number): void {
  // A copy so events come out in placement order while finish() removes from the list.
  for (const w of v.working.slice()) {
    if (w === filled || !w.reduceOnly || w.s !== filled.s || w.account !== filled.account) continue;
    v.finish(w);
    v.emit('canceled', w, time, { code: 'POSITION_CLOSED', reason: 'position is flat', remainingQty: w.qty });
  }
}
