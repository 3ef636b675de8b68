import type { Bar, OrderApi, OrderIntent, PlotOptions, PortfolioView, PositionView, SeriesView, StrategyContext } from '@strata/strategy-sdk';
import type { Account } from '../portfolio/account.ts';
import type { Portfolio } from '../portfolio/portfolio.ts';
import type { SimulatedVenue } from '../venue/simulated-venue.ts';
import type { WorkingOrder } from '../venue/order.ts';
import type { SeriesSet } from './series-set.ts';
import type { LiveBar } from './series-view.ts';

/** Live view of one position (one object per symbol per run). */
class PositionViewImpl implements PositionView {
  readonly symbol: string;
  readonly #a: Account;
  readonly #p: Portfolio;
  readonly #s: number;
  constructor(symbol: string, a: Account, p: Portfolio, s: number) {
    this.symbol = symbol;
    this.#a = a;
    this.#p = p;
    this.#s = s;
  }
  get qty(): number { return this.#s < 0 ? 0 : this.#a.qty[this.#s]; }
  get avgPrice(): number { return this.#s < 0 ? 0 : this.#a.avgPrice[this.#s]; }
  get unrealizedPnl(): number { return this.#s < 0 ? 0 : this.#a.unrealized(this.#s, this.#p.marks[this.#s]); }
  get realizedPnl(): number { return this.#s < 0 ? 0 : this.#a.realized[this.#s]; }
}

/** `ctx.portfolio` for one (sub-)account: getters over the live books, nothing copied per bar. */
export class PortfolioViewImpl implements PortfolioView {
  readonly #a: Account;
  readonly #p: Portfolio;
  readonly #venue: SimulatedVenue;
  readonly #queue: readonly WorkingOrder[];
  readonly #positions: PositionViewImpl[];
  readonly #primary: string;
  constructor(a: Account, p: Portfolio, venue: SimulatedVenue, queue: readonly WorkingOrder[], primary: string) {
    this.#a = a;
    this.#p = p;
    this.#venue = venue;
    this.#queue = queue;
    this.#primary = primary;
    this.#positions = p.symbols.map((sym, s) => new PositionViewImpl(sym, a, p, s));
  }
  get cash(): number { return this.#a.cash; }
  get equity(): number { return this.#a.equity(this.#p.marks); }
  get marginUsed(): number { return this.#a.grossNotional(this.#p.marks) / this.#venue.model.leverage; }
  position(symbol?: string): PositionView {
    const s = this.#p.symbolIndex(symbol ?? this.#primary);
    return s >= 0 ? this.#positions[s] : new PositionViewImpl(symbol ?? this.#primary, this.#a, this.#p, -1);
  }
  /** Working orders plus those sent this step and not yet through the gate (a fresh array per read). */
  get openOrders(): readonly OrderIntent[] {
    const out: OrderIntent[] = [];
    // Copies: the intents are also the run's order record, which user code must not be able to edit.
    for (const o of this.#venue.working) if (o.account === this.#a) out.push(intentCopy(o.intent));
    for (const o of this.#queue) if (o.account === this.#a) out.push(intentCopy(o.intent));
    return out;
  }
}

/**
 * The one StrategyContext of a run: every field is a getter over run state at the current index.
 * In onOrder and onBar of step i, `time`, `bar` and `series()` all describe bar i (closed). In
 * onStart nothing has closed yet: `time` is the first bar's open time and `bar`'s fields are
 * undefined. Views are live: keep numbers, not the view objects, across bars.
 */
export class ContextImpl implements StrategyContext {
  readonly params: StrategyContext['params'];
  readonly symbol: string;
  readonly timeframe: string;
  readonly portfolio: PortfolioView;
  readonly orders: OrderApi;
  readonly bar: Bar;
  // `#` fields: the strategy sees this object, it must not reach run state through it.
  readonly #clock: Float64Array;
  readonly #seriesSet: SeriesSet;
  readonly #logFn: (message: string) => void;
  readonly #plotFn: (name: unknown, value: unknown, opts: unknown) => void;

  constructor(init: {
    params: StrategyContext['params']; series: SeriesSet; bar: LiveBar; clock: Float64Array; portfolio: PortfolioView; orders: OrderApi;
    log: (message: string) => void; plot: (name: unknown, value: unknown, opts: unknown) => void;
  }) {
    this.params = init.params;
    this.#seriesSet = init.series;
    this.#clock = init.clock;
    this.symbol = init.series.views[0].symbol;
    this.timeframe = init.series.views[0].timeframe;
    this.bar = init.bar;
    this.portfolio = init.portfolio;
    this.orders = init.orders;
    this.#logFn = init.log;
    this.#plotFn = init.plot;
  }

  /** Close time of the current primary bar (`clock[0]`, written by the engine). */
  get time(): number {
    return this.#clock[0];
  }

  series(symbol?: string, timeframe?: string): SeriesView {
    return this.#seriesSet.find(symbol, timeframe);
  }

  log(...args: unknown[]): void {
    this.#logFn(args.map(formatArg).join(' '));
  }

  plot(name: string, value: number, opts?: PlotOptions): void {
    this.#plotFn(name, value, opts);
  }
}

function formatArg(a: unknown): string {
  if (typeof a === 'string') return a;
  if (typeof a === 'number' || typeof a === 'boolean' || a === null || a === undefined) return String(a);
  try {
    return JSON.stringify(a) ?? String(a);
  } catch {
    return String(a);
  }
}

function intentCopy(i: OrderIntent): OrderIntent {
  return {
    id: i.id, symbol: i.symbol, side: i.side, type: i.type, size: { kind: i.size.kind, value: i.size.value } as OrderIntent['size'],
    limitPrice: i.limitPrice, stopPrice: i.stopPrice, trailAmount: i.trailAmount, trailPercent: i.trailPercent,
    stopLoss: i.stopLoss, takeProfit: i.takeProfit, tif: i.tif, reduceOnly: i.reduceOnly, tag: i.tag,
  };
}
