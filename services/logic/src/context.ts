import { BullJobQueue, Keyring, createQuotas, type Quotas, type ServiceDeps } from '@strata/platform';
import { createSandboxPool, type SandboxPool } from '@strata/sandbox';
import type { LogicConfig } from './config.ts';
import { RunSignals } from './adapters/run-signals.ts';
import { dataCandles } from './adapters/data-candles.ts';
import { syntheticCandles } from './adapters/synthetic-candles.ts';
import { createSandboxChecker } from './adapters/sandbox-checker.ts';
import { createSandboxRunner } from './adapters/sandbox-runner.ts';
import { createStrategiesService, type StrategiesService } from './domain/strategies.service.ts';
import { createBacktestsService, type BacktestsService } from './domain/backtests.service.ts';
import { createOptimisationsService, type OptimisationsService } from './domain/optimise/optimisations.service.ts';
import type { BacktestJobData } from './domain/backtest-processor.ts';
import type { OptimisationJobData } from './domain/optimise/optimisation-processor.ts';
import type { CandleSource } from './domain/candles.ts';
import type { BacktestRunner } from './domain/runner.ts';

export const QUEUES = { backtests: 'logic-backtests', optimisations: 'logic-optimisations' } as const;

/** Everything the logic plugin and its workers share in one process; built once, closed once. */
export interface LogicContext {
  deps: ServiceDeps;
  config: LogicConfig;
  keyring: Keyring;
  quotas: Quotas;
  signals: RunSignals;
  strategies: StrategiesService;
  backtests: BacktestsService;
  optimisations: OptimisationsService;
  backtestQueue: BullJobQueue<BacktestJobData>;
  optimisationQueue: BullJobQueue<OptimisationJobData>;
  candles: (source: 'data' | 'synthetic') => CandleSource;
  /** The sandbox pool, started on first use (an API-only process that never checks code spawns nothing). */
  sandbox(): SandboxPool;
  runner(): BacktestRunner;
  close(): Promise<void>;
}

export function createLogicContext(deps: ServiceDeps, config: LogicConfig): LogicContext {
  const keyring = new Keyring(config.LOGIC_SOURCE_KEYS);
  const quotas = createQuotas(deps.redis, { prefix: `${deps.keyPrefix}:` });
  const signals = new RunSignals(deps.redis, deps.keyPrefix);
  // Checking code (API) and running it (workers) use separate pools: a recycled runner pool
  // (after a cancel) never interrupts a check.
  let pool: SandboxPool | null = null;
  const sandbox = () => (pool ??= createSandboxPool({ size: 1 }));
  let runner: BacktestRunner | null = null;
  const fromData = dataCandles(deps.db);
  const candles = (source: 'data' | 'synthetic'): CandleSource => {
    if (source === 'synthetic') {
      if (!config.LOGIC_ALLOW_SYNTHETIC_DATA) throw new Error('synthetic data is disabled in this deployment');
      return syntheticCandles;
    }
    return fromData;
  };
  const strategies = createStrategiesService({ db: deps.db, keyring, checker: createSandboxChecker(sandbox) });
  const backtestQueue = new BullJobQueue<BacktestJobData>(QUEUES.backtests, deps.redis, deps.keyPrefix);
  const optimisationQueue = new BullJobQueue<OptimisationJobData>(QUEUES.optimisations, deps.redis, deps.keyPrefix);
  const common = { db: deps.db, strategies, quotas, signals, candles, allowSyntheticData: config.LOGIC_ALLOW_SYNTHETIC_DATA, attempts: config.LOGIC_JOB_ATTEMPTS, backoffMs: config.LOGIC_JOB_BACKOFF_MS };
  const backtests = createBacktestsService({ ...common, queue: backtestQueue });
  const optimisations = createOptimisationsService({ ...common, queue: optimisationQueue, trialsPerJob: config.LOGIC_TRIALS_PER_JOB });
  return {
    deps, config, keyring, quotas, signals, strategies, backtests, optimisations, backtestQueue, optimisationQueue, candles, sandbox,
    // An optimisation runs thousands of short trials: recycling a sandbox worker every 1,000 runs
    // instead of 200 spares a process start, a cold isolate and a bars reload per 200 trials (its
    // RSS cap still applies on every run).
    runner: () => (runner ??= createSandboxRunner(() => createSandboxPool({ size: config.LOGIC_SANDBOX_WORKERS, maxRunsPerWorker: 1_000 }))),
    async close() {
      await backtestQueue.close().catch(() => {});
      await optimisationQueue.close().catch(() => {});
      await signals.close();
      const p = pool;
      const r = runner;
      pool = null;
      runner = null;
      await p?.close().catch(() => {});
      await r?.close().catch(() => {});
    },
  };
}
