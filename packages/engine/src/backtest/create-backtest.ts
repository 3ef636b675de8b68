import type { OrderEvent, OrderIntent, ParamSpecs, StrategyContext, StrategyDefinition } from '@strata/strategy-sdk';
import type { Backtest, BacktestInput, BacktestOutput, LogLine, LogSite } from '../contract.ts';
import { EngineError } from '../errors.ts';
import type { Account } from '../portfolio/account.ts';
import { Portfolio } from '../portfolio/portfolio.ts';
import { RiskEngine } from '../risk/risk-engine.ts';
import { checkLiquidation } from '../venue/liquidation.ts';
import type { WorkingOrder } from '../venue/order.ts';
import { SimulatedVenue } from '../venue/simulated-venue.ts';
import { EventRecord } from '../record/event-record.ts';
import { decodeRecords, defineLazy } from '../record/decode-records.ts';
import { EVENT_SPEC, ORDER_SPEC } from '../record/record-spec.ts';
import { ContextImpl, PortfolioViewImpl } from './context.ts';
import { gate } from './gate.ts';
import { OrderApiImpl, type OrderHost } from './order-api.ts';
import { PlotRecorder } from './plot-recorder.ts';
import { SeriesSet } from './series-set.ts';
import { LiveBar } from './series-view.ts';

/** Bars per inner loop call (see `step`). */
const CHUNK = 2_048;
const DEFAULT_CAPS: Required<Omit<NonNullable<BacktestInput['caps']>, 'logSite' | 'maxPlots' | 'maxPlotBytes'>> = { maxLogLines: 10_000, maxLogBytes: 1_000_000, maxOrdersPerBar: 1_000, recordEvents: 'all' };
const RECORD_ALL = 0;
const RECORD_FILLS = 1;
const RECORD_NONE = 2;

/**
 * The one engine path: builds a run over `input` that is stepped bar by bar. Per primary bar i:
 * (a) the venue matches working orders against the bars that closed in this step, (b) their events
 * go to onOrder, (c) books are marked to close and liquidation is checked, (d) onBar runs, (e) new
 * intents pass the risk gate and go to the venue (fillOn 'close': market orders fill now).
 * Pure: no I/O, no clock, no randomness; the same input yields the same events.
 */
export function createBacktest(input: BacktestInput, options?: RunOptions): Backtest {
  return new BacktestRun(input, options);
}

/** Optional hosting: run as one strategy sub-account of a shared Portfolio (several strategies, one account). */
export interface RunOptions {
  /** Shared book; its symbols must be this run's symbols in the same order. */
  portfolio?: Portfolio;
  /** Sub-account id (unique in the portfolio); default "main". It starts with input.initialCash. */
  accountId?: string;
  /**
   * A one-element array the engine writes the current event time into (what `ctx.time` reads), for a
   * host whose own clock must follow it: the sandbox pins the strategy's `Date` to it without a
   * per-bar call (a double stored in a closure variable would allocate on every bar).
   */
  clock?: Float64Array;
}

export class BacktestRun implements Backtest, OrderHost {
  readonly input: BacktestInput;
  readonly strategy: StrategyDefinition<any, any>;
  readonly series: SeriesSet;
  readonly portfolio: Portfolio;
  readonly account: Account;
  readonly venue: SimulatedVenue;
  readonly risk: RiskEngine;
  readonly queue: WorkingOrder[] = [];
  readonly ctx: ContextImpl;
  /**
   * Events waiting for onOrder: pending[delivered, pendingCount). Slots are reused rather than the
   * array emptied, which would give up its backing store and allocate a new one on the next event.
   */
  private readonly pending: (OrderEvent | undefined)[] = [];
  private pendingCount = 0;
  /** The events and intents caps.recordEvents keeps, as columns (record/event-record.ts). */
  private readonly recorder = new EventRecord();
  readonly logs: LogLine[] = [];
  readonly plots: PlotRecorder;
  readonly equity: Float64Array;
  readonly exposure: Uint8Array;
  private readonly bar: LiveBar;
  /** [0]: close time of the current bar (ctx.time); shared with the context. */
  private readonly clock: Float64Array;
  /** [0]: index of the current primary bar (ctx.bar). */
  private readonly cursor = new Int32Array(1).fill(-1);
  private readonly caps: typeof DEFAULT_CAPS;
  private readonly logSite: (() => LogSite | undefined) | undefined;
  private state: unknown;
  private next = 0;
  private delivered = 0;
  private ids = 0;
  private intentsThisStep = 0;
  private logBytes = 0;
  private logsDropped = 0;
  private started = false;
  private finished = false;
  /** caps.recordEvents as RECORD_*. */
  private readonly record: number;
  private intentCount = 0;

  constructor(input: BacktestInput, options: RunOptions = {}) {
    this.input = input;
    this.strategy = input.strategy;
    this.clock = options.clock?.length === 1 ? options.clock : new Float64Array(1);
    if (typeof input.strategy?.onBar !== 'function') throw new EngineError('INVALID_INPUT', 'strategy.onBar must be a function');
    if (!(input.venue.leverage >= 1)) throw new EngineError('INVALID_INPUT', `venue.leverage must be >= 1, got ${input.venue.leverage}`);
    this.caps = { ...DEFAULT_CAPS, ...input.caps };
    this.logSite = typeof input.caps?.logSite === 'function' ? input.caps.logSite : undefined;
    const re = this.caps.recordEvents ?? 'all';
    if (re !== 'all' && re !== 'fills' && re !== 'none') throw new EngineError('INVALID_INPUT', "caps.recordEvents must be 'all', 'fills' or 'none'");
    this.record = re === 'all' ? RECORD_ALL : re === 'fills' ? RECORD_FILLS : RECORD_NONE;
    this.series = new SeriesSet(input.series, input.strategy.maxLookback ?? 500);
    const shared = options.portfolio;
    if (shared && shared.symbols.join('\n') !== this.series.symbols.join('\n')) {
      throw new EngineError('INVALID_INPUT', `shared portfolio symbols [${shared.symbols.join(', ')}] differ from the run's [${this.series.symbols.join(', ')}]`);
    }
    this.portfolio = shared ?? new Portfolio(this.series.symbols);
    this.account = this.portfolio.addAccount(options.accountId ?? 'main', input.initialCash);
    this.venue = new SimulatedVenue(input.venue, this.series.instruments, this.portfolio, {
      nextId: () => this.nextId(),
      recordIntent: (i) => this.recordIntent(i),
      emit: (ev) => this.emitted(ev),
    });
    this.risk = new RiskEngine(input.risk ?? {}, this.account);
    const n = this.series.length;
    this.equity = new Float64Array(n);
    this.exposure = new Uint8Array(n);
    this.bar = new LiveBar(input.series[0].bars, this.cursor);
    this.plots = new PlotRecorder(n, this.cursor, input.caps);
    this.ctx = new ContextImpl({
      params: resolveParams(input.strategy, input.params),
      series: this.series,
      bar: this.bar,
      clock: this.clock,
      portfolio: new PortfolioViewImpl(this.account, this.portfolio, this.venue, this.queue, this.series.symbols[0]),
      orders: new OrderApiImpl(this),
      log: (m) => this.log(m),
      plot: (name, value, opts) => this.plots.plot(name, value, opts),
    });
  }

  get length(): number {
    return this.series.length;
  }

  nextId(): string {
    return `o${++this.ids}`;
  }
  recordIntent(intent: OrderIntent): void {
    this.intentCount++;
    if (this.record !== RECORD_NONE) this.recorder.intent(intent);
  }
  private emitted(ev: OrderEvent): void {
    this.pending[this.pendingCount++] = ev;
    if (this.record === RECORD_ALL || (this.record === RECORD_FILLS && EventRecord.isFill(ev.kind))) this.recorder.event(ev);
  }
  now(): number {
    return this.clock[0];
  }
  countIntent(): void {
    if (++this.intentsThisStep > 2 * this.caps.maxOrdersPerBar) {
      throw new EngineError('ORDER_FLOOD', `more than ${2 * this.caps.maxOrdersPerBar} orders in one bar; the strategy is looping`);
    }
  }

  step(until: number): number {
    if (this.finished) throw new EngineError('FINISHED', 'the backtest has already finished');
    if (!this.started) this.start();
    const end = Math.min(until, this.series.length);
    // Chunks: the first order, fill or position takes the loop down a path V8 has no type feedback
    // for and deoptimises it. A fresh call per chunk re-enters optimised code quickly, while one
    // long loop can stay in the slow tiers (and box every double) for the rest of the run.
    for (let from = this.next; from < end; from += CHUNK) this.runBars(from, Math.min(end, from + CHUNK));
    if (end > this.next) this.next = end;
    return this.next;
  }

  /** Steps (a)-(e) for primary bars [from, to). */
  private runBars(from: number, to: number): void {
    const strategy = this.strategy;
    const ctx = this.ctx;
    const acct = this.account;
    const marks = this.portfolio.marks;
    const b0 = this.input.series[0].bars;
    const series = this.series;
    const venue = this.venue;
    const risk = this.risk;
    const clock = this.clock;
    const cursor = this.cursor;
    const state = this.state;
    const equityOut = this.equity;
    const exposureOut = this.exposure;
    const queue = this.queue;
    const t0 = b0.time;
    const n = t0.length;
    const tf0 = series.tfMs[0];
    const q = acct.qty;
    const visible = series.visible;
    const c0 = b0.close;
    const s0 = series.symOf[0];
    const working = venue.working;
    // Idle steps (one series, nothing open, working, queued or undelivered) skip the venue: with no
    // order to match, its per-bar work is only bookkeeping (the step's range and volume), which
    // `catchUp` redoes for bar i if the strategy then sends an order in step (e).
    const single = series.inputs.length === 1;
    for (let i = from; i < to; i++) {
      // Close time inline (see barCloseTime): a non-inlined call returning a double would allocate.
      const open = t0[i];
      let close = tf0 === tf0 ? open + tf0 : i > 0 ? open + (open - t0[i - 1]) : open;
      if (i + 1 < n && t0[i + 1] < close) close = t0[i + 1];
      // ctx.time, ctx.bar and the series views all move to bar i before onOrder (b) and onBar (d).
      clock[0] = close;
      cursor[0] = i;
      series.now = close;
      this.intentsThisStep = 0;
      risk.ordersThisBar = 0;
      if (single && acct.openCount === 0 && working.length === 0 && queue.length === 0 && this.delivered === this.pendingCount) {
        visible[0] = i + 1;
        marks[s0] = c0[i];
        if (risk.tracksDrawdown) risk.onMarks(marks);
        strategy.onBar(ctx as StrategyContext, state);
        if (queue.length > 0 || this.delivered < this.pendingCount) {
          this.catchUp(i);
          this.drain();
        }
      } else {
        venue.beginStep(i);
        series.advance(i, venue, marks);
        if (this.delivered < this.pendingCount) this.deliver();
        if (acct.openCount > 0) this.markPositions();
        if (risk.tracksDrawdown) risk.onMarks(marks);
        strategy.onBar(ctx as StrategyContext, state);
        if (queue.length > 0 || this.delivered < this.pendingCount) this.drain();
      }
      // Accumulate in the typed array: a local seeded from a field can end up boxed in optimised code.
      equityOut[i] = acct.cash;
      if (acct.openCount > 0) for (let s = 0; s < q.length; s++) if (q[s] !== 0) equityOut[i] += q[s] * marks[s];
      exposureOut[i] = acct.openCount > 0 ? 1 : 0;
    }
  }

  finish(): BacktestOutput {
    if (this.finished) throw new EngineError('FINISHED', 'the backtest has already finished');
    if (!this.started) this.start();
    this.strategy.onStop?.(this.ctx as StrategyContext, this.state);
    this.finished = true;
    // Orders sent from onStop have no bar left to trade on.
    for (const o of this.queue.splice(0)) {
      this.venue.finish(o);
      this.venue.emit('canceled', o, this.clock[0], { code: 'RUN_FINISHED', reason: 'sent after the last bar', remainingQty: o.qty });
    }
    const n = this.next;
    // Still-open positions become trade records at the last mark; no fee, so equity is unchanged.
    const acct = this.account;
    const times = this.input.series[0].bars.time;
    const lastTime = n > 0 ? times[n - 1] : 0;
    for (let s = 0; s < acct.qty.length; s++) {
      if (acct.qty[s] !== 0) acct.fill(s, -acct.qty[s], this.portfolio.marks[s], 0, lastTime);
    }
    const record = this.recorder.take(this.record === RECORD_FILLS);
    const out: BacktestOutput = {
      // The primary series' own times (no copy): output.time[i] is bar i's open time.
      time: times.subarray(0, n),
      equity: this.equity.subarray(0, n),
      exposure: this.exposure.subarray(0, n),
      trades: acct.trades.toColumns(),
      symbols: [...this.series.symbols],
      events: [],
      orders: [],
      record,
      logs: this.logs,
      logsDropped: this.logsDropped,
      plots: this.plots.columns(n),
      plotsDropped: this.plots.dropped,
      feesPaid: acct.feesPaid,
      barsProcessed: n,
      ordersEmitted: this.intentCount,
    };
    // objects only for a caller that reads them (the sandbox hands the columns out instead)
    defineLazy(out, 'events', () => decodeRecords<OrderEvent>(record.events, EVENT_SPEC, record.strings, 'engine'));
    defineLazy(out, 'orders', () => decodeRecords<OrderIntent>(record.orders, ORDER_SPEC, record.strings, 'engine'));
    return out;
  }

  private start(): void {
    this.started = true;
    this.clock[0] = this.series.length > 0 ? this.input.series[0].bars.time[0] : Number.NaN;
    this.state = this.strategy.onStart?.(this.ctx as StrategyContext);
  }

  /**
   * The venue work an idle step skipped, for bar i: `processBar` with no working order only records
   * the step's range and the bar's volume (which a `fillOn: 'close'` fill reads), and marks.
   */
  private catchUp(i: number): void {
    this.venue.beginStep(i);
    this.series.advance(i, this.venue, this.portfolio.marks);
  }

  private markPositions(): void {
    const acct = this.account;
    const v = this.venue;
    for (let s = 0; s < acct.qty.length; s++) {
      if (acct.qty[s] !== 0 && v.touched(s)) acct.markRange(s, v.stepHigh, v.stepLow);
    }
    if (v.model.maintenanceMargin > 0) checkLiquidation(v, acct, this.clock[0]);
  }

  /**
   * Delivers undelivered events to onOrder, in order (handlers may add more). The handler gets the
   * event object itself: the run's record was written when the event happened (`emitted`) and
   * nothing reads the object after delivery, so what user code does to it changes nothing.
   */
  deliver(): void {
    const onOrder = this.strategy.onOrder;
    const pending = this.pending;
    while (this.delivered < this.pendingCount) {
      const i = this.delivered++;
      const ev = pending[i] as OrderEvent;
      pending[i] = undefined;
      if (onOrder) onOrder.call(this.strategy, this.ctx as StrategyContext, this.state, ev);
    }
    this.delivered = 0;
    this.pendingCount = 0;
  }

  /** Gate queued intents and deliver the resulting events until both queues are empty. */
  private drain(): void {
    while (this.queue.length > 0 || this.delivered < this.pendingCount) {
      while (this.queue.length > 0) {
        const o = this.queue.shift() as WorkingOrder;
        gate(this, o, this.intentsThisStep > this.caps.maxOrdersPerBar);
      }
      this.deliver();
    }
  }

  private log(message: string): void {
    const bytes = message.length;
    if (this.logs.length >= this.caps.maxLogLines || this.logBytes + bytes > this.caps.maxLogBytes) {
      this.logsDropped++;
      return;
    }
    this.logBytes += bytes;
    const site = this.logSite?.();
    this.logs.push(site === undefined ? { time: this.clock[0], message } : { time: this.clock[0], message, line: site.line, column: site.column });
  }
}

function resolveParams(strategy: StrategyDefinition<any, any>, given: Record<string, number | boolean | string>): StrategyContext['params'] {
  const out: Record<string, number | boolean | string> = {};
  for (const [k, spec] of Object.entries((strategy.params ?? {}) as ParamSpecs)) out[k] = spec.default;
  for (const [k, v] of Object.entries(given ?? {})) out[k] = v;
  return Object.freeze(out);
}
