import type { OrderApi, OrderIntent, OrderOptions, OrderSide, OrderSize, OrderType } from '@strata/strategy-sdk';
import type { Account } from '../portfolio/account.ts';
import type { Portfolio } from '../portfolio/portfolio.ts';
import { newWorkingOrder, type SizeOrigin, type WorkingOrder } from '../venue/order.ts';
import type { SimulatedVenue } from '../venue/simulated-venue.ts';

/** What the order API needs from the run that hosts it. */
export interface OrderHost {
  readonly account: Account;
  readonly portfolio: Portfolio;
  readonly venue: SimulatedVenue;
  /** Orders created this step, not yet through the risk gate. */
  readonly queue: WorkingOrder[];
  nextId(): string;
  recordIntent(intent: OrderIntent): void;
  /** Counts an intent against the host's caps; throws on a runaway order flood. */
  countIntent(): void;
  now(): number;
}

type Extra = { limitPrice?: number; stopPrice?: number; trailAmount?: number; trailPercent?: number };

/**
 * `ctx.orders`: turns calls into immutable intents (ids o1, o2, ...) queued for the risk gate after the
 * handler returns. Sizes are resolved to a quantity when called, against the last close (or the
 * order's own limit/stop price) and the position plus queued/working market orders, so two
 * `target` calls in one bar do not double the trade.
 */
export class OrderApiImpl implements OrderApi {
  readonly #h: OrderHost;
  constructor(host: OrderHost) {
    this.#h = host;
  }

  market(symbol: string, side: OrderSide, size: OrderSize | number, opts?: OrderOptions): string {
    return this.place(symbol, 'market', side, size, {}, opts);
  }
  limit(symbol: string, side: OrderSide, size: OrderSize | number, limitPrice: number, opts?: OrderOptions): string {
    return this.place(symbol, 'limit', side, size, { limitPrice }, opts);
  }
  stop(symbol: string, side: OrderSide, size: OrderSize | number, stopPrice: number, opts?: OrderOptions): string {
    return this.place(symbol, 'stop', side, size, { stopPrice }, opts);
  }
  stopLimit(symbol: string, side: OrderSide, size: OrderSize | number, stopPrice: number, limitPrice: number, opts?: OrderOptions): string {
    return this.place(symbol, 'stopLimit', side, size, { stopPrice, limitPrice }, opts);
  }
  trailingStop(symbol: string, side: OrderSide, size: OrderSize | number, trail: { amount?: number; percent?: number }, opts?: OrderOptions): string {
    const extra: Extra = {};
    if (trail.amount !== undefined) extra.trailAmount = trail.amount;
    if (trail.percent !== undefined) extra.trailPercent = trail.percent;
    return this.place(symbol, 'trailingStop', side, size, extra, opts);
  }

  /** Market order that moves the position to the target; undefined when it is already there (to the lot). */
  target(symbol: string, size: OrderSize, opts?: OrderOptions): string | undefined {
    const h = this.#h;
    const s = h.portfolio.symbolIndex(symbol);
    const price = s >= 0 ? h.portfolio.marks[s] : Number.NaN;
    if (s < 0 || !(price > 0)) return this.place(symbol, 'market', 'buy', { kind: 'qty', value: Number.NaN }, {}, opts);
    const equity = h.account.equity(h.portfolio.marks);
    let goal: number;
    if (size.kind === 'targetQty' || size.kind === 'qty') goal = size.value;
    else if (size.kind === 'notional') goal = size.value / price;
    else goal = (size.value * equity) / price;
    if (!h.venue.model.allowShort && goal < 0) goal = 0;
    const delta = goal - (h.account.qty[s] + h.account.pending[s]);
    const qty = h.venue.precision[s].qty(Math.abs(delta));
    if (qty <= 0) return undefined;
    const origin: SizeOrigin = size.kind === 'targetQty' || size.kind === 'qty' ? 'explicit' : 'derived';
    return this.enqueue(symbol, s, 'market', delta > 0 ? 'buy' : 'sell', size, qty, origin, {}, opts);
  }

  cancel(orderId: string): void {
    const h = this.#h;
    const qi = h.queue.findIndex((o) => o.id === orderId);
    if (qi >= 0) {
      const o = h.queue[qi];
      h.queue.splice(qi, 1);
      if (o.countsPending) h.account.pending[o.s] -= o.dir * o.qty;
      o.countsPending = false;
      h.venue.emit('canceled', o, h.now(), { remainingQty: o.qty });
      return;
    }
    const w = h.venue.working.find((o) => o.id === orderId && o.account === h.account);
    if (w) h.venue.cancel(w.id, h.now());
  }

  cancelAll(symbol?: string): void {
    const ids = [...this.#h.queue, ...this.#h.venue.working]
      .filter((o) => o.account === this.#h.account && (symbol === undefined || o.intent.symbol === symbol))
      .map((o) => o.id);
    for (const id of ids) this.cancel(id);
  }

  private place(symbol: string, type: OrderType, side: OrderSide, size: OrderSize | number, extra: Extra, opts?: OrderOptions): string {
    const h = this.#h;
    const s = h.portfolio.symbolIndex(symbol);
    const sz: OrderSize = typeof size === 'number' ? { kind: 'qty', value: size } : size;
    const mark = s >= 0 ? h.portfolio.marks[s] : Number.NaN;
    const price = type === 'limit' || type === 'stopLimit' ? (extra.limitPrice ?? mark) : type === 'stop' ? (extra.stopPrice ?? mark) : mark;
    let qty: number;
    let dir = side === 'buy' ? 1 : -1;
    let origin: SizeOrigin = 'derived';
    const pos = s >= 0 ? h.account.qty[s] + h.account.pending[s] : 0;
    switch (sz.kind) {
      case 'qty': qty = sz.value; origin = 'explicit'; break;
      case 'notional': qty = sz.value / price; break;
      case 'percentEquity': qty = (sz.value * h.account.equity(h.portfolio.marks)) / price; break;
      case 'targetQty': qty = sz.value - pos; origin = 'explicit'; break;
      case 'targetPercent': qty = (sz.value * h.account.equity(h.portfolio.marks)) / price - pos; break;
    }
    if (sz.kind === 'targetQty' || sz.kind === 'targetPercent') {
      dir = qty >= 0 ? 1 : -1;
      qty = Math.abs(qty);
    }
    return this.enqueue(symbol, s, type, dir > 0 ? 'buy' : 'sell', sz, qty, origin, extra, opts);
  }

  private enqueue(symbol: string, s: number, type: OrderType, side: OrderSide, size: OrderSize, qty: number,
    origin: SizeOrigin, extra: Extra, opts?: OrderOptions): string {
    const h = this.#h;
    h.countIntent();
    // One shape for every intent (absent fields undefined; JSON drops them), readonly by type.
    const intent: OrderIntent = {
      id: h.nextId(), symbol, side, type, size: { kind: size.kind, value: size.value } as OrderSize,
      limitPrice: extra.limitPrice, stopPrice: extra.stopPrice, trailAmount: extra.trailAmount, trailPercent: extra.trailPercent,
      stopLoss: opts?.stopLoss, takeProfit: opts?.takeProfit, tif: opts?.tif, reduceOnly: opts?.reduceOnly, tag: opts?.tag,
    };
    h.recordIntent(intent);
    const o = newWorkingOrder(intent, h.account, s, side, qty, origin);
    if (type === 'market' && s >= 0 && Number.isFinite(qty)) {
      o.countsPending = true;
      h.account.pending[s] += o.dir * qty;
    }
    h.queue.push(o);
    return intent.id;
  }
}

