import type { Pool, PoolClient } from '@strata/platform';
import type { Curve } from '../domain/curves.ts';
import type { StoredPlot } from '../domain/plots.ts';
import type { RunLogLine } from '../domain/run-logs.ts';

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'canceled';
type Q = Pool | PoolClient;

export interface BacktestRow {
  id: string;
  ownerId: string;
  strategyId: string;
  version: number;
  params: Record<string, number | boolean | string>;
  venue: string;
  symbol: string;
  timeframe: string;
  from: string;
  to: string;
  venueModel: Record<string, unknown>;
  risk: Record<string, unknown> | null;
  instrument: { symbol: string; tickSize: number; lotSize: number; minNotional: number };
  initialCash: number;
  seed: number;
  dataSource: 'data' | 'synthetic';
  status: RunStatus;
  error: { code: string; message: string; line?: number; column?: number; [k: string]: unknown } | null;
  attempts: number;
  requestId: string | null;
  tier: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export type NewBacktest = Omit<BacktestRow, 'status' | 'error' | 'attempts' | 'createdAt' | 'startedAt' | 'finishedAt'>;

export interface TradeRecord {
  symbol: string;
  direction: number;
  entryTime: number;
  exitTime: number;
  entryPrice: number;
  exitPrice: number;
  qty: number;
  pnl: number;
  fees: number;
  mae: number;
  mfe: number;
}

export interface StoredResult {
  metrics: Record<string, unknown>;
  equity: Curve;
  drawdown: Curve;
  fullSeries: Buffer;
  bars: number;
  trades: TradeRecord[];
  usage: Record<string, unknown>;
  logs: RunLogLine[];
  logsDropped: number;
  /** ctx.plot lines, downsampled; `plotsDropped` counts the calls the engine ignored. */
  plots: StoredPlot[];
  plotsDropped: number;
  attempt: number;
}

/** A list item: the run plus its headline metrics (null until it completed). */
export interface BacktestListItem extends BacktestRow {
  metrics: { totalReturn: number | null; sharpe: number | null; maxDrawdown: number | null; trades: number } | null;
}

const numOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);

function row(r: Record<string, unknown>): BacktestRow {
  return {
    id: r.id as string,
    ownerId: r.owner_id as string,
    strategyId: r.strategy_id as string,
    version: r.version as number,
    params: r.params as BacktestRow['params'],
    venue: r.venue as string,
    symbol: r.symbol as string,
    timeframe: r.timeframe as string,
    from: iso(r.range_from)!,
    to: iso(r.range_to)!,
    venueModel: r.venue_model as Record<string, unknown>,
    risk: r.risk as BacktestRow['risk'],
    instrument: r.instrument as BacktestRow['instrument'],
    initialCash: Number(r.initial_cash),
    seed: r.seed as number,
    dataSource: r.data_source as BacktestRow['dataSource'],
    status: r.status as RunStatus,
    error: r.error as BacktestRow['error'],
    attempts: r.attempts as number,
    requestId: (r.request_id as string | null) ?? null,
    tier: r.tier as string,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

/** SQL for backtests and their results. Result writes are idempotent upserts keyed by backtest id. */
export const backtestsRepo = {
  async insert(q: Q, b: NewBacktest): Promise<void> {
    await q.query(
      `INSERT INTO logic.backtests (id, owner_id, strategy_id, version, params, venue, symbol, timeframe, range_from, range_to,
         venue_model, risk, instrument, initial_cash, seed, data_source, status, request_id, tier)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,'queued',$17,$18)`,
      [b.id, b.ownerId, b.strategyId, b.version, JSON.stringify(b.params), b.venue, b.symbol, b.timeframe, b.from, b.to,
        JSON.stringify(b.venueModel), b.risk ? JSON.stringify(b.risk) : null, JSON.stringify(b.instrument), b.initialCash, b.seed, b.dataSource, b.requestId, b.tier],
    );
  },

  async get(q: Q, id: string): Promise<BacktestRow | null> {
    const r = await q.query(`SELECT * FROM logic.backtests WHERE id = $1`, [id]);
    return r.rows[0] ? row(r.rows[0]) : null;
  },

  async getOwned(q: Q, ownerId: string, id: string): Promise<BacktestRow | null> {
    const r = await q.query(`SELECT * FROM logic.backtests WHERE id = $1 AND owner_id = $2`, [id, ownerId]);
    return r.rows[0] ? row(r.rows[0]) : null;
  },

  /** The owner's runs, newest first (optionally of one strategy), each with its headline metrics once completed. */
  async listOwned(q: Q, ownerId: string, limit: number, strategyId?: string): Promise<BacktestListItem[]> {
    const r = await q.query(
      `SELECT b.*, r.metrics->'totalReturn' AS m_total_return, r.metrics->'sharpe' AS m_sharpe,
              r.metrics->'maxDrawdown' AS m_max_drawdown, r.trade_count AS m_trades
       FROM logic.backtests b LEFT JOIN logic.backtest_results r ON r.backtest_id = b.id
       WHERE b.owner_id = $1 AND ($3::uuid IS NULL OR b.strategy_id = $3)
       ORDER BY b.created_at DESC LIMIT $2`,
      [ownerId, limit, strategyId ?? null],
    );
    return r.rows.map((x) => ({
      ...row(x),
      metrics: x.m_trades === null ? null : {
        totalReturn: numOrNull(x.m_total_return), sharpe: numOrNull(x.m_sharpe), maxDrawdown: numOrNull(x.m_max_drawdown), trades: x.m_trades as number,
      },
    }));
  },

  /** Marks a run as started (counts the attempt) unless it already reached a terminal state. */
  async markRunning(q: Q, id: string): Promise<BacktestRow | null> {
    const r = await q.query(
      `UPDATE logic.backtests SET status = 'running', attempts = attempts + 1, started_at = COALESCE(started_at, now())
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING *`,
      [id],
    );
    return r.rows[0] ? row(r.rows[0]) : null;
  },

  /** Moves a non-terminal run to a terminal state; returns false when it was already terminal. */
  async finish(q: Q, id: string, status: 'failed' | 'canceled' | 'completed', error?: unknown): Promise<boolean> {
    const r = await q.query(
      `UPDATE logic.backtests SET status = $2, error = $3, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`,
      [id, status, error === undefined ? null : JSON.stringify(error)],
    );
    return (r.rowCount ?? 0) > 0;
  },

  /**
   * Stores a result and completes the run in one transaction. Re-running the same backtest (a
   * retried or stalled job) replaces the trades and upserts the result row: never duplicates.
   */
  async storeResult(q: PoolClient, id: string, res: StoredResult): Promise<void> {
    await q.query(`DELETE FROM logic.backtest_trades WHERE backtest_id = $1`, [id]);
    if (res.trades.length > 0) {
      const t = res.trades;
      await q.query(
        `INSERT INTO logic.backtest_trades (backtest_id, seq, symbol, direction, entry_time, exit_time, entry_price, exit_price, qty, pnl, fees, mae, mfe)
         SELECT $1, s.seq, s.symbol, s.direction, to_timestamp(s.et / 1000.0), to_timestamp(s.xt / 1000.0), s.ep, s.xp, s.qty, s.pnl, s.fees, s.mae, s.mfe
         FROM unnest($2::int[], $3::text[], $4::smallint[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[])
           AS s(seq, symbol, direction, et, xt, ep, xp, qty, pnl, fees, mae, mfe)`,
        [id, t.map((_, i) => i + 1), t.map((x) => x.symbol), t.map((x) => x.direction), t.map((x) => x.entryTime), t.map((x) => x.exitTime),
          t.map((x) => x.entryPrice), t.map((x) => x.exitPrice), t.map((x) => x.qty), t.map((x) => x.pnl), t.map((x) => x.fees), t.map((x) => x.mae), t.map((x) => x.mfe)],
      );
    }
    await q.query(
      `INSERT INTO logic.backtest_results (backtest_id, metrics, equity_curve, drawdown_curve, full_series, bars, trade_count, usage, logs, logs_dropped, attempt, plots, plots_dropped)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
       ON CONFLICT (backtest_id) DO UPDATE SET metrics = EXCLUDED.metrics, equity_curve = EXCLUDED.equity_curve,
         drawdown_curve = EXCLUDED.drawdown_curve, full_series = EXCLUDED.full_series, bars = EXCLUDED.bars,
         trade_count = EXCLUDED.trade_count, usage = EXCLUDED.usage, logs = EXCLUDED.logs, logs_dropped = EXCLUDED.logs_dropped, attempt = EXCLUDED.attempt,
         plots = EXCLUDED.plots, plots_dropped = EXCLUDED.plots_dropped, stored_at = now()`,
      [id, JSON.stringify(res.metrics), JSON.stringify(res.equity), JSON.stringify(res.drawdown), res.fullSeries, res.bars, res.trades.length,
        JSON.stringify(res.usage), JSON.stringify(res.logs), res.logsDropped, res.attempt, JSON.stringify(res.plots), res.plotsDropped],
    );
    await q.query(`UPDATE logic.backtests SET status = 'completed', error = NULL, finished_at = now() WHERE id = $1 AND status <> 'canceled'`, [id]);
  },

  async getResult(q: Q, id: string): Promise<{ metrics: unknown; equity: Curve; drawdown: Curve; bars: number; tradeCount: number; usage: unknown; logs: unknown; logsDropped: number; storedAt: string } | null> {
    const r = await q.query(`SELECT metrics, equity_curve, drawdown_curve, bars, trade_count, usage, logs, logs_dropped, stored_at FROM logic.backtest_results WHERE backtest_id = $1`, [id]);
    const x = r.rows[0];
    return x ? { metrics: x.metrics, equity: x.equity_curve, drawdown: x.drawdown_curve, bars: x.bars, tradeCount: x.trade_count, usage: x.usage, logs: x.logs, logsDropped: x.logs_dropped, storedAt: iso(x.stored_at)! } : null;
  },

  /** The full equity series with the stored plot lines (null before a result exists). */
  async getSeries(q: Q, id: string): Promise<{ fullSeries: Buffer; plots: StoredPlot[]; plotsDropped: number } | null> {
    const r = await q.query(`SELECT full_series, plots, plots_dropped FROM logic.backtest_results WHERE backtest_id = $1`, [id]);
    const x = r.rows[0];
    return x ? { fullSeries: x.full_series, plots: x.plots ?? [], plotsDropped: x.plots_dropped ?? 0 } : null;
  },

  async listTrades(q: Q, id: string, limit: number, offset: number): Promise<Record<string, unknown>[]> {
    const r = await q.query(
      `SELECT seq, symbol, direction, entry_time, exit_time, entry_price::float8, exit_price::float8, qty::float8, pnl::float8, fees::float8, mae::float8, mfe::float8
       FROM logic.backtest_trades WHERE backtest_id = $1 ORDER BY seq LIMIT $2 OFFSET $3`,
      [id, limit, offset],
    );
    return r.rows.map((t) => ({
      seq: t.seq, symbol: t.symbol, direction: t.direction, entryTime: iso(t.entry_time), exitTime: iso(t.exit_time),
      entryPrice: t.entry_price, exitPrice: t.exit_price, qty: t.qty, pnl: t.pnl, fees: t.fees, mae: t.mae, mfe: t.mfe,
    }));
  },
};
