/**
 * @strata/engine: the one engine path (backtest now; paper and live swap clock, venue and data).
 * Pure code: no I/O and no Node APIs, so it can be bundled into an isolated-vm isolate.
 */
export type * from './contract.ts';
export { createBacktest, BacktestRun, type RunOptions } from './backtest/create-backtest.ts';
export { runBacktest } from './backtest/run-backtest.ts';
export { timeframeMs, barCloseTime } from './backtest/timeframe.ts';
export { EngineError } from './errors.ts';
export { Portfolio, Ledger } from './portfolio/portfolio.ts';
export { Account } from './portfolio/account.ts';
export { TradeRecorder, emptyTrades } from './portfolio/trade-recorder.ts';
export { RiskEngine, RISK_CODES, type RiskCheck, type RiskDenial } from './risk/risk-engine.ts';
export { SimulatedVenue, type VenueHooks } from './venue/simulated-venue.ts';
export { Precision } from './venue/precision.ts';
export { slippedPrice, barCapacity } from './venue/slippage.ts';
export type { WorkingOrder } from './venue/order.ts';
export type { Venue } from './venue/venue.ts';
export { computeReport, type Report, type ReportOptions, type Metrics } from './metrics/report.ts';
export { downsample } from './metrics/downsample.ts';
export { drawdownSeries, drawdownStats, type DrawdownStats } from './metrics/drawdown.ts';
export { monthlyReturns, type PeriodReturn } from './metrics/monthly.ts';
export { tradeStats, type TradeStats } from './metrics/trade-stats.ts';
export { periodReturns, inferPeriodsPerYear, YEAR_MS } from './metrics/stats.ts';
export { createRng } from './random.ts';
export { EventRecord, type RunRecord } from './record/event-record.ts';
export { decodeRecords, defineLazy, type DecodeForm } from './record/decode-records.ts';
export { EVENT_SPEC, ORDER_SPEC, type EncodedRecords, type RecordSpec } from './record/record-spec.ts';
