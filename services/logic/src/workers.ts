import { startBullWorker, type ServiceWorkers, type Tier } from '@strata/platform';
import { backtestsRepo } from './adapters/backtests.repository.ts';
import { optimisationsRepo } from './adapters/optimisations.repository.ts';
import type { LogicContext } from './context.ts';
import { QUEUES } from './context.ts';
import { createBacktestProcessor, type BacktestJobData } from './domain/backtest-processor.ts';
import { createOptimisationProcessor, type OptimisationJobData } from './domain/optimise/optimisation-processor.ts';

/**
 * Starts this process's consumers of the logic queues. Several processes on one Redis share the
 * work; a process that dies mid-job has its job moved back to waiting by BullMQ's stalled-job check
 * (after LOGIC_LOCK_DURATION_MS) and run again by another, whose writes are idempotent.
 */
export async function startLogicWorkers(ctx: LogicContext): Promise<ServiceWorkers> {
  const { deps, config } = ctx;
  await ctx.signals.start();
  const runner = ctx.runner();
  // A worker process exists to run strategies: its sandbox workers start now (runtime bundle,
  // process spawn), not inside the first job it takes.
  runner.prepare?.();
  const common = { db: deps.db, log: deps.log, strategies: ctx.strategies, candles: ctx.candles, runner, signals: ctx.signals, quotas: ctx.quotas, attempts: config.LOGIC_JOB_ATTEMPTS };
  const workerOpts = { concurrency: config.LOGIC_WORKER_CONCURRENCY, lockDurationMs: config.LOGIC_LOCK_DURATION_MS, stalledIntervalMs: config.LOGIC_STALLED_INTERVAL_MS };
  const backtests = startBullWorker<BacktestJobData>(QUEUES.backtests, deps.redis, deps.keyPrefix, createBacktestProcessor(common), workerOpts);
  const optimisations = startBullWorker<OptimisationJobData>(
    QUEUES.optimisations, deps.redis, deps.keyPrefix,
    createOptimisationProcessor({ ...common, queue: ctx.optimisationQueue, backoffMs: config.LOGIC_JOB_BACKOFF_MS }),
    workerOpts,
  );
  // A job BullMQ fails without our processor deciding (stalled too often, lock lost, or a
  // retryable error on its last attempt) must not leave its run "running" with a lease held.
  const onFailedForGood = (worker: ReturnType<typeof startBullWorker>['worker'], kind: 'backtest' | 'optimisation', fail: (id: string) => Promise<{ ownerId: string; tier: string } | null>) => {
    worker.on('failed', (job) => {
      if (!job) return;
      void (async () => {
        if ((await job.getState()) !== 'failed') return;
        const id = kind === 'backtest' ? (job.data as BacktestJobData).backtestId : (job.data as OptimisationJobData).optimisationId;
        const run = await fail(id);
        if (!run) return;
        await ctx.quotas.release({ userId: run.ownerId, tier: run.tier as Tier }, 'concurrentBacktests', id).catch(() => {});
        await ctx.signals.publish(kind, { type: 'state', id, status: 'failed' }).catch(() => {});
      })().catch((err: unknown) => deps.log.error({ err }, `could not record a failed ${kind} job`));
    });
  };
  onFailedForGood(backtests.worker, 'backtest', async (id) => {
    const bt = await backtestsRepo.get(deps.db, id);
    return bt && (await backtestsRepo.finish(deps.db, id, 'failed', { code: 'INTERNAL', message: 'The backtest failed for a system reason after retries.' })) ? bt : null;
  });
  // For an optimisation this is a parent `advance` or a batch of trials.
  onFailedForGood(optimisations.worker, 'optimisation', async (id) => {
    const o = await optimisationsRepo.get(deps.db, id);
    return o && (await optimisationsRepo.finish(deps.db, id, 'failed', undefined, { code: 'INTERNAL', message: 'The optimisation failed for a system reason after retries.' })) ? o : null;
  });
  return {
    async close() {
      await Promise.all([backtests.close(), optimisations.close()]);
      await ctx.close();
    },
  };
}
