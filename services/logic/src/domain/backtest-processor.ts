import { PermanentJobError, withTransaction, type JobContext, type Logger, type Pool, type Quotas, type Tier } from '@strata/platform';
import type { BacktestOutput, RiskLimits, VenueModel } from '@strata/engine';
import { backtestsRepo, type BacktestRow, type TradeRecord } from '../adapters/backtests.repository.ts';
import type { RunSignals } from '../adapters/run-signals.ts';
import type { CandleSource } from './candles.ts';
import { downsample, drawdownOf, packSeries } from './curves.ts';
import { storedPlots } from './plots.ts';
import { isAuthorError, mapAuthorError, RunCanceled, type BacktestRunner, type RunProgress } from './runner.ts';
import type { StrategiesService } from './strategies.service.ts';

/** Log lines kept with a stored result (the rest are counted in `logsDropped`). */
const MAX_STORED_LOGS = 1000;

/** Job payload: ids only (principle 12). Everything else is read from PostgreSQL. */
export interface BacktestJobData {
  backtestId: string;
  requestId?: string;
}

export interface BacktestProcessorDeps {
  db: Pool;
  log: Logger;
  strategies: StrategiesService;
  candles: (source: BacktestRow['dataSource']) => CandleSource;
  runner: BacktestRunner;
  signals: RunSignals;
  quotas: Quotas;
  /** Attempts configured on the job; the last failed attempt marks the run failed. */
  attempts: number;
  /** Points kept in the stored equity and drawdown curves. */
  curvePoints?: number;
}

/** A progress tracker: percent of bars done and an ETA from the rate so far, throttled. */
export function progressTracker(emit: (p: { percent: number; barsDone: number; totalBars: number; etaMs: number }) => void, minIntervalMs = 100) {
  const started = performance.now();
  let lastAt = -Infinity;
  let lastPercent = -1;
  return (p: RunProgress) => {
    const now = performance.now();
    const percent = p.totalBars > 0 ? Math.min(100, (100 * p.barsDone) / p.totalBars) : 100;
    if (percent < 100 && now - lastAt < minIntervalMs && percent - lastPercent < 10) return;
    lastAt = now;
    lastPercent = percent;
    const elapsed = now - started;
    const etaMs = p.barsDone > 0 ? Math.round((elapsed / p.barsDone) * (p.totalBars - p.barsDone)) : -1;
    emit({ percent: Math.round(percent * 10) / 10, barsDone: p.barsDone, totalBars: p.totalBars, etaMs });
  };
}

export function tradesOf(out: BacktestOutput): TradeRecord[] {
  const t = out.trades;
  const trades: TradeRecord[] = [];
  for (let i = 0; i < t.pnl.length; i++) {
    trades.push({
      symbol: out.symbols[t.symbolIndex[i]!] ?? '',
      direction: t.direction[i]!,
      entryTime: t.entryTime[i]!,
      exitTime: t.exitTime[i]!,
      entryPrice: t.entryPrice[i]!,
      exitPrice: t.exitPrice[i]!,
      qty: t.qty[i]!,
      pnl: t.pnl[i]!,
      fees: t.fees[i]!,
      mae: t.mae[i]!,
      mfe: t.mfe[i]!,
    });
  }
  return trades;
}

/**
 * Runs one backtest job end to end: load version (decrypt) and candles, run in the sandbox with
 * progress and cancel checks, store the report idempotently. Strategy errors fail the job for good
 * (PermanentJobError); anything else is rethrown for BullMQ to retry, and the last attempt marks
 * the run failed. Safe to re-run after a crash: a terminal run is skipped, a stored result upserted.
 */
export function createBacktestProcessor(deps: BacktestProcessorDeps) {
  const { db, log, signals } = deps;

  async function terminal(bt: BacktestRow, status: 'failed' | 'canceled' | 'completed', error?: unknown) {
    if (status !== 'completed') await backtestsRepo.finish(db, bt.id, status, error);
    await deps.quotas.release({ userId: bt.ownerId, tier: bt.tier as Tier }, 'concurrentBacktests', bt.id).catch(() => {});
    await signals.publish('backtest', { type: 'state', id: bt.id, status, error }).catch(() => {});
    signals.forget('backtest', bt.id);
  }

  return async function processBacktest(ctx: JobContext<BacktestJobData>): Promise<unknown> {
    const id = ctx.data.backtestId;
    const existing = await backtestsRepo.get(db, id);
    if (!existing) return { skipped: 'missing' };
    if (existing.status === 'completed' || existing.status === 'failed' || existing.status === 'canceled') return { skipped: existing.status };
    if (await signals.isCancelRequested('backtest', id)) {
      await terminal(existing, 'canceled');
      return { canceled: true };
    }
    const bt = await backtestsRepo.markRunning(db, id);
    if (!bt) return { skipped: 'terminal' }; // canceled between the read and the update
    await signals.publish('backtest', { type: 'state', id, status: 'running', attempt: bt.attempts });
    const jobLog = log.child({ backtestId: id, reqId: ctx.data.requestId, attempt: bt.attempts });
    try {
      const version = await deps.strategies.loadForRun(bt.strategyId, bt.version);
      if (!version) throw new PermanentJobError('NOT_FOUND', 'The strategy version no longer exists.');
      const bars = await deps.candles(bt.dataSource).load({ venue: bt.venue, symbol: bt.symbol, timeframe: bt.timeframe, from: Date.parse(bt.from), to: Date.parse(bt.to) });
      if (bars.time.length === 0) throw new PermanentJobError('DATA_EMPTY', `No ${bt.timeframe} candles for ${bt.venue} ${bt.symbol} between ${bt.from} and ${bt.to}.`);
      const track = progressTracker((p) => {
        void ctx.reportProgress(p).catch(() => {});
        void signals.publish('backtest', { type: 'progress', id, ...p }).catch(() => {});
      });
      const outcome = await deps.runner.run(
        {
          source: version.source,
          params: bt.params,
          bars,
          instrument: bt.instrument,
          timeframe: bt.timeframe,
          venue: bt.venueModel as unknown as VenueModel,
          risk: (bt.risk ?? undefined) as RiskLimits | undefined,
          initialCash: bt.initialCash,
          seed: bt.seed,
          // re-runs of one owner's version (parameter tweaks) reuse its warm isolate
          reuseKey: `${bt.ownerId}:${bt.strategyId}:${bt.version}`,
        },
        (p) => {
          if (signals.isCanceled('backtest', id)) return false;
          track(p);
        },
      );
      const out = outcome.output;
      const points = deps.curvePoints ?? 1000;
      await withTransaction(db, (c) =>
        backtestsRepo.storeResult(c, id, {
          metrics: outcome.metrics,
          equity: downsample(out.time, out.equity, points),
          drawdown: downsample(out.time, drawdownOf(out.equity), points),
          fullSeries: packSeries(out.time, out.equity),
          bars: out.barsProcessed,
          trades: tradesOf(out),
          usage: outcome.usage,
          logs: outcome.logs.slice(0, MAX_STORED_LOGS),
          logsDropped: outcome.logsDropped + Math.max(0, outcome.logs.length - MAX_STORED_LOGS),
          plots: storedPlots(out.time, out.plots, points),
          plotsDropped: out.plotsDropped ?? 0,
          attempt: bt.attempts,
        }),
      );
      await ctx.reportProgress({ percent: 100, barsDone: out.barsProcessed, totalBars: bars.time.length, etaMs: 0 }).catch(() => {});
      await terminal(bt, 'completed');
      return { completed: true, bars: out.barsProcessed };
    } catch (err) {
      if (err instanceof RunCanceled) {
        await terminal(bt, 'canceled');
        return { canceled: true };
      }
      if (err instanceof PermanentJobError) {
        await terminal(bt, 'failed', { code: err.code, message: err.message });
        throw err;
      }
      if (isAuthorError(err)) {
        const mapped = mapAuthorError(err);
        await terminal(bt, 'failed', mapped);
        throw new PermanentJobError(mapped.code, mapped.message, mapped);
      }
      jobLog.error({ err }, 'backtest attempt failed');
      if (ctx.attemptsMade + 1 >= deps.attempts) await terminal(bt, 'failed', { code: 'INTERNAL', message: 'The backtest failed for a system reason after retries.' });
      else await signals.publish('backtest', { type: 'state', id, status: 'retrying', attempt: bt.attempts }).catch(() => {});
      throw err;
    }
  };
}
