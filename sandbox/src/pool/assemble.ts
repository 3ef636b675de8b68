/** Rebuilds the engine's BacktestOutput on the host from the data the trusted runtime sent out. */
import type { BacktestOutput, PlotColumn, TradeColumns } from '@strata/engine';
import type { RunSuccess } from './protocol.ts';
import type { RunUsage } from '../usage.ts';
import type { RunBacktestResult } from './sandbox-pool.ts';
import { EVENT_SPEC, MAX_PLOTS, ORDER_SPEC, type EncodedRecords, type PlotMeta } from '../isolate/column-spec.ts';
import { decodeRecords, defineLazy } from '@strata/engine/decode-records';

/** What `readStrategyMeta` returns: the definition's declared name, params and extra series. */
export interface StrategyMeta {
  name?: string;
  apiVersion: 1;
  params: Record<string, { type?: string; default?: number | boolean | string; min?: number; max?: number; step?: number; label?: string; description?: string; options?: string[] }>;
  series: { symbol?: string; timeframe?: string }[];
  maxLookback?: number;
}

function encoded(r: RunSuccess, prefix: 'events' | 'orders'): EncodedRecords {
  const x = r.cols[`${prefix}.x`] as Uint8Array;
  return { n: x.length, x, s: r.cols[`${prefix}.s`] as Int32Array, f: r.cols[`${prefix}.f`] as Float64Array, p: r.cols[`${prefix}.p`] as Uint8Array };
}

/**
 * `inputTime` is the primary series' time column the caller passed in: when the run reports that
 * output.time is a prefix of it, the output gets a copy of that prefix (it did not travel back).
 */
export function assembleOutput(r: RunSuccess, usage: RunUsage, inputTime: Float64Array): RunBacktestResult {
  const parsed = JSON.parse(r.json) as {
    logs: BacktestOutput['logs']; console: BacktestOutput['logs']; symbols: { s?: string }[]; strings: string[];
    plots?: PlotMeta[]; plotsDropped?: number;
  };
  let time = r.time;
  if (!time) {
    const n = r.timeFromInput ?? 0;
    if (!(n >= 0 && n <= inputTime.length)) throw new RangeError('sandbox result: output time does not match the input');
    time = inputTime.subarray(0, n);
  }
  const events = encoded(r, 'events'), orders = encoded(r, 'orders');
  const output: BacktestOutput = {
    time, equity: r.equity, exposure: r.exposure, trades: r.trades as unknown as TradeColumns,
    symbols: parsed.symbols.map((x) => x.s ?? ''), events: [], orders: [], record: { strings: parsed.strings, events, orders }, logs: parsed.logs,
    logsDropped: r.logsDropped, plots: plotColumns(parsed.plots, r, time.length), plotsDropped: parsed.plotsDropped ?? 0,
    feesPaid: r.feesPaid, barsProcessed: r.barsProcessed, ordersEmitted: r.ordersEmitted,
  };
  // ~60,000 objects for a 1M-bar run: built only if a caller reads them.
  defineLazy(output, 'events', () => decodeRecords<BacktestOutput['events'][number]>(events, EVENT_SPEC, parsed.strings));
  defineLazy(output, 'orders', () => decodeRecords<BacktestOutput['orders'][number]>(orders, ORDER_SPEC, parsed.strings));
  return { output, usage, logs: parsed.console, logsDropped: r.consoleDropped, state: r.state };
}

/** `ctx.plot` lines: the names from the JSON, the values from the `plot.<i>` columns (one per bar). */
function plotColumns(meta: PlotMeta[] | undefined, r: RunSuccess, bars: number): PlotColumn[] {
  const out: PlotColumn[] = [];
  for (const [i, m] of (Array.isArray(meta) ? meta.slice(0, MAX_PLOTS) : []).entries()) {
    const values = r.cols[`plot.${i}`];
    if (!(values instanceof Float64Array) || values.length !== bars || typeof m?.name !== 'string') continue;
    const pane = m.pane === 'separate' ? 'separate' : 'price';
    out.push(typeof m.color === 'string' ? { name: m.name, pane, color: m.color, values } : { name: m.name, pane, values });
  }
  return out;
}
