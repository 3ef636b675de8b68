import type { Account } from '../portfolio/account.ts';
import { newWorkingOrder } from './order.ts';
import type { SimulatedVenue } from './simulated-venue.ts';

/**
 * Cross-margin liquidation check for one account after the step's bars were processed.
 * Worst case in the step: every position at its adverse extreme (longs at the low, shorts at the high).
 * If equity there is below maintenanceMargin * gross notional there, every position is closed:
 * a single position at its liquidation price (the price where equity = maintenance margin, or the open
 * if the bar gapped through it), several positions each at its adverse extreme. Taker fee, no slippage.
 * Returns true if the account was liquidated.
 */
export function checkLiquidation(v: SimulatedVenue, acct: Account, time: number): boolean {
  const mm = v.model.maintenanceMargin;
  if (!(mm > 0) || acct.openCount === 0) return false;
  const marks = v.portfolio.marks;
  const q = acct.qty;
  let eq = acct.cash;
  let gross = 0;
  for (let s = 0; s < q.length; s++) {
    if (q[s] === 0) continue;
    const p = adverse(v, s, q[s], marks[s]);
    eq += q[s] * p;
    gross += Math.abs(q[s]) * p;
  }
  if (eq >= mm * gross) return false;
  // Cancel the account's working orders first: liquidation leaves nothing behind.
  for (const w of v.working.slice()) {
    if (w.account !== acct) continue;
    v.finish(w);
    v.emit('canceled', w, time, { code: 'LIQUIDATION', reason: 'account liquidated', remainingQty: w.qty });
  }
  const single = acct.openCount === 1;
  for (let s = 0; s < q.length; s++) {
    const qty = q[s];
    if (qty === 0) continue;
    let price = adverse(v, s, qty, marks[s]);
    if (single) price = liquidationPrice(v, s, acct.cash, qty, mm, price);
    price = v.precision[s].price(price);
    const side = qty > 0 ? 'sell' : 'buy';
    const intent = Object.freeze({
      id: v.hooks.nextId(), symbol: v.portfolio.symbols[s], side, type: 'market' as const,
      size: { kind: 'qty' as const, value: Math.abs(qty) }, reduceOnly: true, tag: 'liquidation',
    });
    v.hooks.recordIntent(intent);
    const o = newWorkingOrder(intent, acct, s, side, Math.abs(qty), 'explicit');
    const fee = Math.abs(qty) * price * v.model.takerFee;
    acct.fill(s, -qty, price, fee, time);
    o.filled = Math.abs(qty);
    o.qty = 0;
    o.done = true;
    v.emit('liquidated', o, time, {
      code: 'LIQUIDATION', reason: 'equity below maintenance margin', limit: mm, fillPrice: price, fillQty: Math.abs(qty), fee, remainingQty: 0,
    });
  }
  return true;
}

function adverse(v: SimulatedVenue, s: number, qty: number, mark: number): number {
  if (!v.touched(s)) return mark;
  return qty > 0 ? v.stepLow[s] : v.stepHigh[s];
}

/** Solves cash + q*p = mm*|q|*p for p, then keeps it inside the bar (gap through it: the open). */
function liquidationPrice(v: SimulatedVenue, s: number, cash: number, q: number, mm: number, fallback: number): number {
  const p = q > 0 ? -cash / (q * (1 - mm)) : cash / (-q * (1 + mm));
  const open = v.stepOpen[s];
  if (!(p > 0) || !v.touched(s)) return fallback;
  if (q > 0 ? open <= p : open >= p) return open;
  return Math.min(Math.max(p, v.stepLow[s]), v.stepHigh[s]);
}
