import { randomUUID } from 'node:crypto';
import { NotFoundError, UserError, ValidationError, type JobQueue, type Pool, type Principal, type Quotas, type Tier } from '@strata/platform';
import { backtestsRepo, type BacktestRow } from '../adapters/backtests.repository.ts';
import type { RunSignals } from '../adapters/run-signals.ts';
import type { CandleSource } from './candles.ts';
import { unpackSeries } from './curves.ts';
import { resolveParams } from './params.ts';
import { resolveMarket, type RunMarketInput } from './run-request.ts';
import type { StrategiesService } from './strategies.service.ts';
import { isUuid } from './strategies.service.ts';
import type { BacktestJobData } from './backtest-processor.ts';

export interface SubmitBacktest extends RunMarketInput {
  strategyId: string;
  version: number;
  params?: Record<string, unknown>;
  dataSource?: 'data' | 'synthetic';
}

export interface BacktestsServiceDeps {
  db: Pool;
  strategies: StrategiesService;
  queue: JobQueue<BacktestJobData>;
  quotas: Quotas;
  signals: RunSignals;
  candles: (source: 'data' | 'synthetic') => CandleSource;
  allowSyntheticData: boolean;
  attempts: number;
  backoffMs: number;
}

export const BACKTEST_JOB = 'backtest';

/**
 * Accepting, reading and canceling backtests. A submit checks everything a worker would otherwise
 * discover late (version access, parameters, data), takes a concurrency lease and a daily count
 * from the shared quotas, stores the request, and queues a job carrying only ids.
 */
export function createBacktestsService(deps: BacktestsServiceDeps) {
  const { db } = deps;

  async function owned(p: Principal, id: string): Promise<BacktestRow> {
    const bt = isUuid(id) ? await backtestsRepo.getOwned(db, p.userId, id) : null;
    if (!bt) throw new NotFoundError('Backtest');
    return bt;
  }

  return {
    async submit(p: Principal, input: SubmitBacktest, requestId: string) {
      const version = await deps.strategies.runnableMeta(p, input.strategyId, input.version);
      const { values, problems } = resolveParams(version.paramSpecs, input.params ?? {});
      if (problems.length > 0) throw new ValidationError(`Parameters do not match the strategy's declared parameters: ${problems.map((x) => `${x.param} ${x.message}`).join('; ')}`, { params: problems });
      const dataSource = input.dataSource ?? 'data';
      if (dataSource === 'synthetic' && !deps.allowSyntheticData) throw new ValidationError('dataSource "synthetic" is only available in test deployments.');
      resolveMarket(input); // validates the range before touching the store
      const q = { venue: input.venue, symbol: input.symbol, timeframe: input.timeframe, from: Date.parse(input.from), to: Date.parse(input.to) };
      const coverage = await deps.candles(dataSource).coverage(q);
      // The instrument's stored exchange rules apply unless the request overrides them.
      const market = resolveMarket({ ...input, instrument: { ...coverage.instrument, ...input.instrument } });
      if (!coverage.available) throw new UserError('DATA_RANGE_EMPTY', `No ${q.timeframe} candles are stored for ${q.venue} ${q.symbol} between ${input.from} and ${input.to}.`);
      const id = randomUUID();
      await deps.quotas.acquire(p, 'concurrentBacktests', id);
      try {
        await deps.quotas.consume(p, 'backtestsPerDay');
        await backtestsRepo.insert(db, {
          id, ownerId: p.userId, strategyId: input.strategyId, version: input.version, params: values,
          venue: market.venue, symbol: market.symbol, timeframe: market.timeframe,
          from: new Date(market.fromMs).toISOString(), to: new Date(market.toMs).toISOString(),
          venueModel: market.venueModel as unknown as Record<string, unknown>, risk: market.risk as Record<string, unknown> | null,
          instrument: market.instrument, initialCash: market.initialCash, seed: market.seed, dataSource, requestId, tier: p.tier,
        });
        await deps.queue.add(BACKTEST_JOB, { backtestId: id, requestId }, { jobId: id, attempts: deps.attempts, backoffMs: deps.backoffMs });
      } catch (err) {
        await deps.quotas.release(p, 'concurrentBacktests', id).catch(() => {});
        throw err;
      }
      return { id, status: 'queued' as const };
    },

    /** Status, live progress while running, and the stored report once completed. */
    async get(p: Principal, id: string) {
      const bt = await owned(p, id);
      const job = bt.status === 'queued' || bt.status === 'running' ? await deps.queue.get(id) : null;
      const progress = job ? await job.progress() : bt.status === 'completed' ? { percent: 100 } : null;
      const result = bt.status === 'completed' ? await backtestsRepo.getResult(db, id) : null;
      return { ...bt, progress: typeof progress === 'object' ? progress : null, result };
    },

    status: (p: Principal, id: string) => owned(p, id),

    /** The caller's backtests, newest first; `strategyId` narrows to one of the caller's strategies. */
    list(p: Principal, limit = 50, strategyId?: string) {
      if (strategyId !== undefined && !isUuid(strategyId)) throw new ValidationError(`strategyId: expected a strategy id (UUID), received ${JSON.stringify(strategyId)}`);
      return backtestsRepo.listOwned(db, p.userId, Math.min(Math.max(limit, 1), 200), strategyId);
    },

    async trades(p: Principal, id: string, limit = 500, offset = 0) {
      await owned(p, id);
      return { items: await backtestsRepo.listTrades(db, id, Math.min(limit, 5000), offset) };
    },

    /**
     * The full (un-downsampled) equity series, on request, with the strategy's `ctx.plot` lines
     * (`plots`: name, pane, colour and downsampled `t`/`v`, null where not drawn).
     */
    async series(p: Principal, id: string) {
      const bt = await owned(p, id);
      const stored = bt.status === 'completed' ? await backtestsRepo.getSeries(db, id) : null;
      if (!stored?.fullSeries) throw new UserError('RESULT_NOT_READY', `Backtest is ${bt.status}; the full series exists once it has completed.`, undefined, 409);
      return { ...unpackSeries(stored.fullSeries), plots: stored.plots, plotsDropped: stored.plotsDropped };
    },

    /** Waiting: removed from the queue. Running: the worker sees the flag between chunks and stops. */
    async cancel(p: Principal, id: string) {
      const bt = await owned(p, id);
      if (bt.status !== 'queued' && bt.status !== 'running') return { id, status: bt.status, canceled: false };
      await deps.signals.requestCancel('backtest', id);
      const job = await deps.queue.get(id);
      // remove() refuses (false) or races (throws) when a worker has just taken the job: then it is running.
      const removed = job ? await job.remove().catch(() => false) : false;
      if (removed || !job) {
        if (await backtestsRepo.finish(db, id, 'canceled')) {
          await deps.quotas.release({ userId: bt.ownerId, tier: bt.tier as Tier }, 'concurrentBacktests', id).catch(() => {});
          await deps.signals.publish('backtest', { type: 'state', id, status: 'canceled' });
        }
        return { id, status: 'canceled', canceled: true };
      }
      return { id, status: 'canceling', canceled: true };
    },
  };
}

export type BacktestsService = ReturnType<typeof createBacktestsService>;
