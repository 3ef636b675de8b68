/** Wire types of the Strata HTTP API (v1) as the web app uses them. Times are ms since the epoch, UTC. */

export interface ErrorEnvelope {
  error: { code: string; message: string; details?: unknown };
}

export interface QuotaUsage {
  used: number;
  /** null = unlimited */
  limit: number | null;
  resetsAt?: string;
}

export interface User {
  id: string;
  email: string;
  role: 'user' | 'admin';
  tier: 'free' | 'premium' | 'enterprise';
  quotas: Record<string, QuotaUsage>;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user?: User;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix?: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt?: string | null;
}

/** Returned once by POST /api-keys; `key` is never shown again. */
export interface ApiKeyCreated extends ApiKey {
  key: string;
}

export type ParamSpec =
  | { type: 'int'; default: number; min: number; max: number; step?: number; label?: string; description?: string }
  | { type: 'float'; default: number; min: number; max: number; step?: number; label?: string; description?: string }
  | { type: 'bool'; default: boolean; label?: string; description?: string }
  | { type: 'enum'; default: string; options: readonly string[]; label?: string; description?: string };
export type ParamSpecs = Record<string, ParamSpec>;
export type ParamValues = Record<string, number | boolean | string>;

export interface StrategySummary {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  latestVersionId?: string;
}

export interface StrategyDetail extends StrategySummary {
  source: string;
  params?: ParamSpecs;
}

export interface StrategyVersion {
  id: string;
  number: number;
  createdAt: string;
  message?: string;
}

export interface StrategyVersionDetail extends StrategyVersion {
  source: string;
}

/** What POST /strategies and PUT /strategies/:id return: the strategy and the version the save created. */
export interface SaveResult {
  id: string;
  versionId: string;
}

export interface Diagnostic {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
  code: string | number;
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  params: ParamSpecs;
}

export interface VenueModel {
  makerFee: number;
  takerFee: number;
  slippageBps: number;
  fillOn: 'close' | 'nextOpen';
}

export interface BacktestRequest {
  strategyId: string;
  versionId: string;
  params: ParamValues;
  /** Exchange the data comes from, as in the catalog. */
  venue: string;
  symbol: string;
  timeframe: string;
  from: number;
  to: number;
  /** Fees, slippage and fill rule of the simulated venue. */
  venueModel: VenueModel;
  initialCash: number;
}

export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'canceled';

export interface Progress {
  percent: number;
  etaMs?: number | null;
}

export interface Usage {
  cpuMs: number;
  wallMs?: number;
  peakHeapBytes?: number;
  barsProcessed?: number;
  ordersEmitted?: number;
  /** The sandbox isolate the run used: a new one, the worker's pre-loaded spare, or the warm isolate of the previous run of this version. */
  isolate?: 'fresh' | 'spare' | 'warm';
}

export interface Trade {
  id: string;
  symbol: string;
  side: 'long' | 'short';
  entryTime: number;
  entryPrice: number;
  exitTime: number | null;
  exitPrice: number | null;
  qty: number;
  pnl: number;
  pnlPct: number;
  fees: number;
}

export interface LogLine {
  time: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  line?: number;
  column?: number;
}

export interface BacktestReport {
  metrics: Record<string, number | null>;
  trades: Trade[];
  logs: LogLine[];
}

export interface StrategyRunError {
  code: string;
  message: string;
  line?: number;
  column?: number;
}

export interface BacktestStatus {
  id: string;
  state: JobState;
  progress: Progress;
  report?: BacktestReport;
  error?: StrategyRunError;
  usage?: Usage;
  request?: BacktestRequest;
  createdAt?: string;
}

export interface BacktestSummary {
  id: string;
  strategyId: string;
  versionId: string;
  symbol: string;
  timeframe: string;
  from: number;
  to: number;
  state: JobState;
  createdAt: string;
  metrics?: Record<string, number | null>;
}

export interface Candle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface Point {
  time: number;
  value: number;
}

export interface TradeMarker {
  time: number;
  side: 'buy' | 'sell';
  price?: number;
  text?: string;
}

export interface BacktestSeries {
  candles: Candle[];
  equity: Point[];
  drawdown: Point[];
  trades: Trade[];
  markers: TradeMarker[];
  indicators?: IndicatorLine[];
}

/** One `ctx.plot` line of a run: drawn over the candles (`price`) or in its own pane (`separate`). */
export interface IndicatorLine {
  name: string;
  pane?: 'price' | 'separate';
  color?: string;
  /** `value: null` where the strategy did not plot that bar: the line breaks there. */
  points: { time: number; value: number | null }[];
}

export type ParamRange =
  | { min: number; max: number; step?: number }
  | { values: (number | string | boolean)[] };

export interface OptimisationRequest extends Omit<BacktestRequest, 'params'> {
  method: 'grid' | 'random' | 'tpe';
  ranges: Record<string, ParamRange>;
  /** Metric key to maximise, e.g. `sharpe`. */
  objective: string;
  maxTrials?: number;
  fixedParams?: ParamValues;
  walkForward?: { folds: number; trainRatio: number };
}

export interface Trial {
  params: ParamValues;
  metrics: Record<string, number | null>;
  rank: number;
}

export interface WalkForwardFold {
  fold: number;
  trainFrom: number;
  trainTo: number;
  testFrom: number;
  testTo: number;
  bestParams: ParamValues;
  trainScore: number | null;
  testScore: number | null;
}

export interface OptimisationStatus {
  id: string;
  state: JobState;
  progress: Progress;
  trials: Trial[];
  walkForward?: { folds: WalkForwardFold[]; efficiency?: number | null };
  error?: StrategyRunError;
}

export interface CatalogEntry {
  venue: string;
  symbol: string;
  timeframe: string;
  from: number;
  to: number;
  count: number;
}
