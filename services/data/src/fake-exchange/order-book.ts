import type { Candle } from '../domain/candle.ts';

export interface FakeOrder {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  price: number;
  origQty: number;
  executedQty: number;
  quoteQty: number;
  status: 'NEW' | 'FILLED' | 'CANCELED';
  type: 'MARKET' | 'LIMIT';
  side: 'BUY' | 'SELL';
  timeInForce: string;
  time: number;
  updateTime: number;
  fills: { price: number; qty: number; commission: number; tradeId: number }[];
}

export class OrderError extends Error {
  readonly code: number;
  constructor(code: number, msg: string) {
    super(msg);
    this.code = code;
  }
}

const FEE = 0.001;

/**
 * Minimal spot matching for the trading service's tests: market orders fill at once at the last price,
 * limit orders fill at once when marketable, otherwise rest until a closed bar trades through them.
 * Balances move on fills; fees are charged in the quote asset.
 */
export class OrderBook {
  readonly orders = new Map<number, FakeOrder>();
  readonly balances = new Map<string, number>();
  private nextId = 1;
  private nextTrade = 1;

  constructor(initial: Record<string, number>) {
    for (const [k, v] of Object.entries(initial)) this.balances.set(k, v);
  }

  place(
    o: { symbol: string; base: string; quote: string; side: string; type: string; quantity: number; price?: number; clientOrderId: string; timeInForce?: string },
    lastPrice: number,
    now: number,
  ): FakeOrder {
    if (o.side !== 'BUY' && o.side !== 'SELL') throw new OrderError(-1100, `Illegal characters found in parameter 'side'.`);
    if (o.type !== 'MARKET' && o.type !== 'LIMIT') throw new OrderError(-1116, 'Invalid orderType.');
    if (!(o.quantity > 0)) throw new OrderError(-1013, 'Invalid quantity.');
    if (o.type === 'LIMIT' && !(o.price! > 0)) throw new OrderError(-1013, 'Invalid price.');
    const refPrice = o.type === 'MARKET' ? lastPrice : o.price!;
    if (o.side === 'BUY' && (this.balances.get(o.quote) ?? 0) < o.quantity * refPrice * (1 + FEE)) {
      throw new OrderError(-2010, 'Account has insufficient balance for requested action.');
    }
    if (o.side === 'SELL' && (this.balances.get(o.base) ?? 0) < o.quantity) {
      throw new OrderError(-2010, 'Account has insufficient balance for requested action.');
    }
    const order: FakeOrder = {
      symbol: o.symbol, orderId: this.nextId++, clientOrderId: o.clientOrderId, price: o.type === 'LIMIT' ? o.price! : 0,
      origQty: o.quantity, executedQty: 0, quoteQty: 0, status: 'NEW', type: o.type, side: o.side,
      timeInForce: o.type === 'LIMIT' ? (o.timeInForce ?? 'GTC') : 'GTC', time: now, updateTime: now, fills: [],
    };
    this.orders.set(order.orderId, order);
    const marketable = o.type === 'MARKET' || (o.side === 'BUY' ? o.price! >= lastPrice : o.price! <= lastPrice);
    // a marketable order takes the last price, which is never worse than its limit
    if (marketable) this.fill(order, o.base, o.quote, lastPrice, now);
    return order;
  }

  cancel(orderId: number, now: number): FakeOrder {
    const o = this.orders.get(orderId);
    if (!o) throw new OrderError(-2011, 'Unknown order sent.');
    if (o.status !== 'NEW') throw new OrderError(-2011, 'Unknown order sent.');
    o.status = 'CANCELED';
    o.updateTime = now;
    return o;
  }

  /** Fills resting limit orders of `symbol` that the closed bar traded through, at their limit price. */
  onBar(symbol: string, base: string, quote: string, bar: Candle, now: number): void {
    for (const o of this.orders.values()) {
      if (o.symbol !== symbol || o.status !== 'NEW') continue;
      if ((o.side === 'BUY' && bar.low <= o.price) || (o.side === 'SELL' && bar.high >= o.price)) this.fill(o, base, quote, o.price, now);
    }
  }

  private fill(o: FakeOrder, base: string, quote: string, price: number, now: number): void {
    const qty = o.origQty - o.executedQty;
    const notional = qty * price;
    const fee = notional * FEE;
    const sign = o.side === 'BUY' ? 1 : -1;
    this.balances.set(base, (this.balances.get(base) ?? 0) + sign * qty);
    this.balances.set(quote, (this.balances.get(quote) ?? 0) - sign * notional - fee);
    o.fills.push({ price, qty, commission: fee, tradeId: this.nextTrade++ });
    o.executedQty = o.origQty;
    o.quoteQty += notional;
    o.status = 'FILLED';
    o.updateTime = now;
  }

  /** Binance's order JSON (the FULL response shape when `withFills`). */
  toJson(o: FakeOrder, quote: string, withFills: boolean) {
    const f = (x: number) => x.toFixed(8);
    return {
      symbol: o.symbol, orderId: o.orderId, orderListId: -1, clientOrderId: o.clientOrderId, transactTime: o.updateTime,
      time: o.time, updateTime: o.updateTime, price: f(o.price), origQty: f(o.origQty), executedQty: f(o.executedQty),
      cummulativeQuoteQty: f(o.quoteQty), status: o.status, timeInForce: o.timeInForce, type: o.type, side: o.side,
      stopPrice: '0.00000000', icebergQty: '0.00000000', isWorking: true, workingTime: o.time, origQuoteOrderQty: '0.00000000',
      selfTradePreventionMode: 'EXPIRE_MAKER',
      ...(withFills
        ? { fills: o.fills.map((x) => ({ price: f(x.price), qty: f(x.qty), commission: f(x.commission), commissionAsset: quote, tradeId: x.tradeId })) }
        : {}),
    };
  }
}
