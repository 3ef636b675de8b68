/**
 * Strategy API v1: the contract between a strategy author's code and the engine.
 * Everything here is plain data or a read-only view so that the same strategy runs
 * unchanged in a backtest (inside the sandbox), in paper trading and live.
 */

/** Version of this contract; a definition's `apiVersion` must equal it. */
export const STRATEGY_API_VERSION = 1 as const;

/** Milliseconds since the Unix epoch, UTC. */
export type Millis = number;

/** One OHLCV bar; `time` is the bar's close time. */
export interface Bar {
  readonly time: Millis;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A field of `Bar`, for `SeriesView.values`. */
export type BarField = 'time' | 'open' | 'high' | 'low' | 'close' | 'volume';

/** Declared parameter: drives the optimiser's search space and the settings form. */
export type ParamSpec =
  | { type: 'int'; default: number; min: number; max: number; step?: number; label?: string; description?: string }
  | { type: 'float'; default: number; min: number; max: number; step?: number; label?: string; description?: string }
  | { type: 'bool'; default: boolean; label?: string; description?: string }
  | { type: 'enum'; default: string; options: readonly string[]; label?: string; description?: string };

/** A strategy's parameter declarations, by name. */
export type ParamSpecs = Record<string, ParamSpec>;

/** The runtime type of one declared parameter: `int`/`float` → number, `bool` → boolean, `enum` → string. */
export type ParamValue<S extends ParamSpec> = S extends { type: 'bool' } ? boolean : S extends { type: 'enum' } ? string : number;

/** The parameter values a run receives as `ctx.params`, typed from the declarations. */
export type ParamValues<P extends ParamSpecs> = { readonly [K in keyof P]: ParamValue<P[K]> };

/** How big an order is. Target kinds are turned into a buy or a sell by the engine. */
export type OrderSize =
  | { kind: 'qty'; value: number }
  | { kind: 'notional'; value: number }
  | { kind: 'percentEquity'; value: number }
  | { kind: 'targetQty'; value: number }
  | { kind: 'targetPercent'; value: number };

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'market' | 'limit' | 'stop' | 'stopLimit' | 'trailingStop';
export type TimeInForce = 'gtc' | 'ioc' | 'day';

/** An order intent: a command the strategy emits. The risk gate may deny it (an `order.denied` event). */
export interface OrderIntent {
  /** Assigned by the engine, unique within a run: `o1`, `o2`, ... */
  readonly id: string;
  readonly symbol: string;
  /** Omitted for target sizes, where the engine derives it. */
  readonly side?: OrderSide;
  readonly type: OrderType;
  readonly size: OrderSize;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  /** Trailing stop distance in price units, or as a fraction of price (0.02 = 2%). */
  readonly trailAmount?: number;
  readonly trailPercent?: number;
  /** Bracket legs: once the entry fills, a stop-loss and/or take-profit are placed as one-cancels-other. */
  readonly stopLoss?: number;
  readonly takeProfit?: number;
  readonly tif?: TimeInForce;
  readonly reduceOnly?: boolean;
  readonly tag?: string;
}

/** Options accepted by every order method. */
export type OrderOptions = Pick<OrderIntent, 'stopLoss' | 'takeProfit' | 'tif' | 'reduceOnly' | 'tag'>;

/** What happened to an order; `denied` comes from the risk gate, `rejected` from the venue. */
export type OrderEventKind = 'accepted' | 'denied' | 'rejected' | 'partiallyFilled' | 'filled' | 'canceled' | 'expired' | 'liquidated';

/** An event about one order; strategies receive them in `onOrder`. */
export interface OrderEvent {
  readonly kind: OrderEventKind;
  readonly orderId: string;
  readonly symbol: string;
  readonly time: Millis;
  readonly side: OrderSide;
  /** Stable code for denied/rejected events, e.g. `RISK_MAX_POSITION`, `MIN_NOTIONAL`. */
  readonly code?: string;
  /** Human message; the same text for every event of one code (the numbers are in `limit`/`actual`). */
  readonly reason?: string;
  readonly fillPrice?: number;
  readonly fillQty?: number;
  readonly fee?: number;
  readonly remainingQty?: number;
  readonly tag?: string;
  /** Denials/rejections: the limit that was hit (e.g. the minimum notional, the lot size, the funds available). */
  readonly limit?: number;
  /** Denials/rejections: the order's value judged against `limit` (e.g. its notional, the margin it needs). */
  readonly actual?: number;
}

/** A read-only snapshot of one position. */
export interface PositionView {
  readonly symbol: string;
  /** Signed quantity: positive long, negative short, 0 flat. */
  readonly qty: number;
  readonly avgPrice: number;
  readonly unrealizedPnl: number;
  readonly realizedPnl: number;
}

/** A read-only view of the strategy's account; `position()` without a symbol is the primary symbol. */
export interface PortfolioView {
  readonly cash: number;
  readonly equity: number;
  /** Margin in use, for leveraged positions. */
  readonly marginUsed: number;
  position(symbol?: string): PositionView;
  readonly openOrders: readonly OrderIntent[];
}

/** Read-only window on the past. Index 0 is the current (latest closed) bar, 1 the one before. */
export interface SeriesView {
  readonly symbol: string;
  readonly timeframe: string;
  /** Number of bars available so far (never includes a bar from the future). */
  readonly length: number;
  bar(ago?: number): Bar | undefined;
  /** The last `lookback` values of a field, oldest first, as a fresh copy. */
  values(field: BarField, lookback: number): Float64Array;
}

/**
 * Emits order intents. Each call returns the order id at once; what happens next arrives as
 * `OrderEvent`s in `onOrder`. A plain number as `size` is a quantity.
 */
export interface OrderApi {
  market(symbol: string, side: OrderSide, size: OrderSize | number, opts?: OrderOptions): string;
  limit(symbol: string, side: OrderSide, size: OrderSize | number, limitPrice: number, opts?: OrderOptions): string;
  stop(symbol: string, side: OrderSide, size: OrderSize | number, stopPrice: number, opts?: OrderOptions): string;
  stopLimit(symbol: string, side: OrderSide, size: OrderSize | number, stopPrice: number, limitPrice: number, opts?: OrderOptions): string;
  trailingStop(symbol: string, side: OrderSide, size: OrderSize | number, trail: { amount?: number; percent?: number }, opts?: OrderOptions): string;
  /** Move the position to a target: `target('BTC/USDT', { kind: 'targetPercent', value: 1 })`. */
  target(symbol: string, size: OrderSize, opts?: OrderOptions): string | undefined;
  cancel(orderId: string): void;
  cancelAll(symbol?: string): void;
}

/** Everything a handler can see and do for the current bar. */
export interface StrategyContext<P extends ParamSpecs = ParamSpecs> {
  readonly params: ParamValues<P>;
  /** Event time of the current bar's close, ms UTC. `Date.now()` returns the same. */
  readonly time: Millis;
  /** The primary series' current bar. */
  readonly bar: Bar;
  readonly symbol: string;
  readonly timeframe: string;
  /** Every subscribed series; index 0 is the primary. */
  series(symbol?: string, timeframe?: string): SeriesView;
  readonly portfolio: PortfolioView;
  readonly orders: OrderApi;
  /**
   * A line in the run log. The arguments are joined with spaces (objects as JSON); the log links
   * each kept line to the source line that wrote it. Lines over the run's log budget are counted,
   * not kept.
   */
  log(...args: unknown[]): void;
  /**
   * Draws `value` for the current bar on the backtest chart, like Pine's `plot()`: one line per
   * `name`, on the price pane (default) or a separate pane below it. Call it once per bar per
   * line; a bar without a call (or with `NaN`) leaves a gap. The first call of a name fixes its
   * options. At most 16 names of up to 64 characters per run: other calls are ignored and
   * counted (never thrown), so plotting cannot break a strategy.
   *
   * ```ts
   * ctx.plot('SMA 20', s.sma.value, { color: '#f5a623' });
   * ctx.plot('RSI', s.rsi.value, { pane: 'separate' });
   * ```
   */
  plot(name: string, value: number, opts?: PlotOptions): void;
}

/** Where and how `ctx.plot` draws a line. */
export interface PlotOptions {
  /** `'price'` (default) overlays the candles; `'separate'` draws in its own pane below them. */
  readonly pane?: 'price' | 'separate';
  /** A CSS hex colour (`#rgb`, `#rrggbb`, `#rrggbbaa`) or colour name; a palette colour otherwise. */
  readonly color?: string;
}

/** Plain JSON data: what `saveState` returns and `loadState` receives. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * A strategy: declarations plus event handlers. Only `onBar` is required. `S` is the state
 * created by `onStart` (or `loadState`) and passed to every other handler.
 */
export interface StrategyDefinition<P extends ParamSpecs = ParamSpecs, S = unknown> {
  readonly apiVersion: typeof STRATEGY_API_VERSION;
  readonly name?: string;
  readonly params?: P;
  /** Extra series the strategy reads, besides the primary one chosen when it runs. */
  readonly series?: readonly { symbol: string; timeframe: string }[];
  /** Longest history the strategy asks for through `values`/`bar(ago)`; default 500. */
  readonly maxLookback?: number;
  onStart?(ctx: StrategyContext<P>): S;
  onBar(ctx: StrategyContext<P>, state: S): void;
  onOrder?(ctx: StrategyContext<P>, state: S, event: OrderEvent): void;
  onStop?(ctx: StrategyContext<P>, state: S): void;
  saveState?(state: S): JsonValue;
  loadState?(saved: JsonValue, ctx: StrategyContext<P>): S;
}
