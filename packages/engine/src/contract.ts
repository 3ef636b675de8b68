/**
 * The engine's public contract (the one engine path). Backtests run `createBacktest` inside the
 * sandbox isolate (bars go in as typed arrays, the per-bar loop stays inside); the plain-Node
 * baseline and the live trading service drive the same code with another clock and venue.
 */
import type { OrderEvent, OrderIntent, StrategyDefinition } from '@strata/strategy-sdk';
import type { RunRecord } from './record/event-record.ts';

/** Columnar bars: all arrays have the same length, times ascending, ms UTC (bar open time). */
export interface BarColumns {
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export interface Instrument {
  symbol: string;
  /** Smallest price increment; prices are rounded to it at the order boundary. */
  tickSize: number;
  /** Smallest quantity increment; quantities are rounded down to it. */
  lotSize: number;
  /** Orders below this quote value are rejected with `MIN_NOTIONAL`. */
  minNotional: number;
}

export interface SeriesInput {
  instrument: Instrument;
  timeframe: string;
  bars: BarColumns;
  /**
   * Added (optional): marks a lower-timeframe series of an already-listed symbol whose bars resolve
   * stop/limit triggers inside that symbol's execution bars (the intrabar path). It stays readable
   * through `ctx.series()` but orders never execute against it directly. Default false.
   */
  intrabar?: boolean;
}

export type SlippageModel =
  | { kind: 'none' }
  | { kind: 'fixedBps'; bps: number }
  /** Fill at most `maxShare` of a bar's volume (rest stays open: partial fills); price impact `impactBps` at full share. */
  | { kind: 'volumeShare'; maxShare: number; impactBps: number };

export interface VenueModel {
  /** Fee rates as fractions of notional (0.001 = 0.1%). Limit orders resting on the book pay maker. */
  makerFee: number;
  takerFee: number;
  slippage: SlippageModel;
  /** `nextOpen` (default): orders placed on bar t fill at bar t+1's open. `close`: at bar t's close. */
  fillOn: 'nextOpen' | 'close';
  /** Maximum leverage (1 = cash only). */
  leverage: number;
  /** Maintenance margin fraction of position notional; below it the position is liquidated. */
  maintenanceMargin: number;
  /** Allow short positions. */
  allowShort: boolean;
}

export interface RiskLimits {
  /** Largest absolute position notional per symbol, as a fraction of equity (e.g. 1 = 100%). */
  maxPositionPercent?: number;
  maxOrderNotional?: number;
  maxOrdersPerBar?: number;
  maxOpenOrders?: number;
  /** Stop trading (deny new entries) once drawdown from peak equity exceeds this fraction. */
  maxDrawdown?: number;
}

/** What a run keeps of its event/intent record (`BacktestInput.caps.recordEvents`). */
export type RecordEvents = 'all' | 'fills' | 'none';

export interface BacktestInput {
  strategy: StrategyDefinition<any, any>;
  params: Record<string, number | boolean | string>;
  /** Index 0 is the primary series: one step per primary bar. */
  series: SeriesInput[];
  venue: VenueModel;
  risk?: RiskLimits;
  initialCash: number;
  /**
   * Capacity caps that protect the host: log lines/bytes kept, orders per bar. `recordEvents` chooses
   * what the output keeps of the order record (the strategy's `onOrder` sees every event either way):
   * `'all'` (default) every event and intent; `'fills'` only `filled` / `partiallyFilled` /
   * `liquidated` events and the intents of those orders; `'none'` no events and no intents (optimiser
   * trials that only need equity, trades and metrics). `ordersEmitted` always counts every intent.
   */
  caps?: {
    maxLogLines?: number; maxLogBytes?: number; maxOrdersPerBar?: number; recordEvents?: RecordEvents;
    /** Distinct `ctx.plot` names kept (default 16) and the bytes their columns may take (default 32 MB). */
    maxPlots?: number; maxPlotBytes?: number;
    /**
     * Where the strategy called `ctx.log`, supplied by the host that runs user code (the sandbox
     * reads it from a trusted stack capture; positions are in the code it compiled). Called once per
     * kept line only, never after the log cap is reached; `undefined` records no position.
     */
    logSite?: () => LogSite | undefined;
  };
}

/** A position in the strategy code as its host compiled it: 1-based line and column. */
export interface LogSite { line: number; column: number }

/** One kept log line; `line`/`column` when the host reported the call site (`caps.logSite`). */
export interface LogLine { time: number; message: string; line?: number; column?: number }

/** One `ctx.plot` name: a value per primary bar, NaN where the strategy did not plot. */
export interface PlotColumn {
  name: string;
  pane: 'price' | 'separate';
  /** As given when it is a CSS hex colour or colour name; otherwise absent (the chart picks one). */
  color?: string;
  values: Float64Array;
}

/** Closed round-trip trades, columnar. */
export interface TradeColumns {
  symbolIndex: Int32Array;
  /** +1 long, -1 short. */
  direction: Int8Array;
  entryTime: Float64Array;
  exitTime: Float64Array;
  entryPrice: Float64Array;
  exitPrice: Float64Array;
  qty: Float64Array;
  pnl: Float64Array;
  fees: Float64Array;
  /** Maximum adverse / favourable excursion while open, in quote currency (MAE <= 0 <= MFE). */
  mae: Float64Array;
  mfe: Float64Array;
}

export interface BacktestOutput {
  /** One point per primary bar: time and equity after the bar. */
  time: Float64Array;
  equity: Float64Array;
  /** 1 while any position is open at the bar's close, else 0. */
  exposure: Uint8Array;
  trades: TradeColumns;
  symbols: string[];
  /**
   * Every order event in order, and every order intent (as caps.recordEvents keeps them): objects
   * decoded from `record` on first read.
   */
  events: OrderEvent[];
  orders: OrderIntent[];
  /** The same events and intents as columns over one string table (record/record-spec.ts). */
  record: RunRecord;
  logs: LogLine[];
  logsDropped: number;
  /** `ctx.plot` lines in order of first use; `values` has one entry per primary bar processed. */
  plots: PlotColumn[];
  /** `ctx.plot` calls ignored: over the name/byte caps, bad names or values, or outside a bar. */
  plotsDropped: number;
  feesPaid: number;
  barsProcessed: number;
  ordersEmitted: number;
}

/** A backtest that can be stepped in chunks (for progress and per-batch CPU budgets). */
export interface Backtest {
  readonly length: number;
  /** Process primary bars up to (not including) `until`; returns the next index to process. */
  step(until: number): number;
  /** Calls onStop, closes the books and returns the results. */
  finish(): BacktestOutput;
}
