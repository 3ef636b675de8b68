import type { BacktestOutput, TradeColumns } from '../contract.ts';
import { emptyTrades } from '../portfolio/trade-recorder.ts';
import { EventRecord } from '../record/event-record.ts';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** A BacktestOutput holding only what the metrics read. */
export function output(equity: number[], opts: { time?: number[]; exposure?: number[]; trades?: TradeColumns; feesPaid?: number } = {}): BacktestOutput {
  const n = equity.length;
  return {
    time: Float64Array.from(opts.time ?? equity.map((_, i) => i * DAY)),
    equity: Float64Array.from(equity),
    exposure: Uint8Array.from(opts.exposure ?? new Array<number>(n).fill(0)),
    trades: opts.trades ?? emptyTrades(),
    symbols: ['X'],
    events: [],
    orders: [],
    record: new EventRecord().take(),
    logs: [],
    logsDropped: 0,
    plots: [],
    plotsDropped: 0,
    feesPaid: opts.feesPaid ?? 0,
    barsProcessed: n,
    ordersEmitted: 0,
  };
}

export function trades(rows: { dir: number; entry: number; exit: number; pnl: number; mae: number; mfe: number }[]): TradeColumns {
  return {
    symbolIndex: Int32Array.from(rows.map(() => 0)),
    direction: Int8Array.from(rows.map((r) => r.dir)),
    entryTime: Float64Array.from(rows.map((r) => r.entry)),
    exitTime: Float64Array.from(rows.map((r) => r.exit)),
    entryPrice: Float64Array.from(rows.map(() => 100)),
    exitPrice: Float64Array.from(rows.map((r) => 100 + r.dir * r.pnl)),
    qty: Float64Array.from(rows.map(() => 1)),
    pnl: Float64Array.from(rows.map((r) => r.pnl)),
    fees: Float64Array.from(rows.map(() => 0)),
    mae: Float64Array.from(rows.map((r) => r.mae)),
    mfe: Float64Array.from(rows.map((r) => r.mfe)),
  };
}
