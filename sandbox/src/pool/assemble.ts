/** Rebuilds the engine's BacktestOutput on the host from the data the trusted runtime sent out. */
import type { BacktestOutput, TradeColumns } from '@strata/engine';
import type { RunSuccess } from './protocol.ts';
import type { RunUsage } from '../usage.ts';
import type { RunBacktestResult } from './sandbox-pool.ts';

/** What `readStrategyMeta` returns: the definition's declared name, params and extra series. */
export interface StrategyMeta {
  name?: string;
  apiVersion: 1;
  params: Record<string, { type?: string; default?: number | boolean | string; min?: number; max?: number; step?: number; label?: string; description?: string; options?: string[] }>;
  series: { symbol?: string; timeframe?: string }[];
  maxLookback?: number;
}

export function assembleOutput(r: RunSuccess, usage: RunUsage): RunBacktestResult {
  const parsed = JSON.parse(r.json) as {
    events: BacktestOutput['events']; orders: BacktestOutput['orders']; logs: BacktestOutput['logs'];
    console: { time: number; message: string }[]; symbols: { s?: string }[];
  };
  const output: BacktestOutput = {
    time: r.time, equity: r.equity, exposure: r.exposure, trades: r.trades as unknown as TradeColumns,
    symbols: parsed.symbols.map((x) => x.s ?? ''), events: parsed.events, orders: parsed.orders, logs: parsed.logs,
    logsDropped: r.logsDropped, feesPaid: r.feesPaid, barsProcessed: r.barsProcessed, ordersEmitted: r.ordersEmitted,
  };
  return { output, usage, logs: parsed.console, logsDropped: r.consoleDropped, state: r.state };
}
