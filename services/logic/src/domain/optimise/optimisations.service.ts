import { randomUUID } from 'node:crypto';
import { NotFoundError, UserError, ValidationError, type JobQueue, type Pool, type Principal, type Quotas, type Tier } from '@strata/platform';
import { optimisationsRepo, type OptimisationRow } from '../../adapters/optimisations.repository.ts';
import type { RunSignals } from '../../adapters/run-signals.ts';
import type { CandleSource } from '../candles.ts';
import { resolveMarket, type RunMarketInput } from '../run-request.ts';
import { isUuid, type StrategiesService } from '../strategies.service.ts';
import { ObjectiveSyntaxError, parseObjective } from './objective.ts';
import type { OptimisationJobData } from './optimisation-processor.ts';
import type { OptimisationSpec } from './optimisation-spec.ts';
import { plannedTrials, type SearchMethod } from './search.ts';
import { buildSpace, type SpaceOverride } from './search-space.ts';
import { makeFolds, type Validation } from './windows.ts';

export interface SubmitOptimisation extends RunMarketInput {
  strategyId: string;
  version: number;
  method: SearchMethod;
  space?: Record<string, SpaceOverride>;
  trials?: number;
  populationSize?: number;
  generations?: number;
  /** `sharpe`, `totalReturn`, `calmar`, or an arithmetic expression over metric names. */
  objective?: string;
  validation?: Validation;
  dataSource?: 'data' | 'synthetic';
  keepTop?: number;
}

export interface OptimisationsServiceDeps {
  db: Pool;
  strategies: StrategiesService;
  queue: JobQueue<OptimisationJobData>;
  quotas: Quotas;
  signals: RunSignals;
  candles: (source: 'data' | 'synthetic') => CandleSource;
  allowSyntheticData: boolean;
  attempts: number;
  backoffMs: number;
  trialsPerJob?: number;
  maxTrials?: number;
}

/** Accepts, reads and cancels optimisations; the work itself is done by the optimisation processor. */
export function createOptimisationsService(deps: OptimisationsServiceDeps) {
  const maxTrials = deps.maxTrials ?? 20_000;

  async function owned(p: Principal, id: string): Promise<OptimisationRow> {
    const o = isUuid(id) ? await optimisationsRepo.getOwned(deps.db, p.userId, id) : null;
    if (!o) throw new NotFoundError('Optimisation');
    return o;
  }

  return {
    async submit(p: Principal, input: SubmitOptimisation, requestId: string) {
      const version = await deps.strategies.runnableMeta(p, input.strategyId, input.version);
      const { space, problems } = buildSpace(version.paramSpecs, input.space ?? {});
      if (problems.length > 0) throw new ValidationError(`The search space is invalid: ${problems.join('; ')}`, { space: problems });
      if (space.dims.length === 0) throw new ValidationError('The strategy declares no parameters to optimise.');
      const objectiveText = input.objective ?? 'sharpe';
      try {
        parseObjective(objectiveText);
      } catch (err) {
        if (err instanceof ObjectiveSyntaxError) throw new UserError(err.code, `Objective: ${err.message}`);
        throw err;
      }
      const plan = { method: input.method, seed: input.seed ?? 1, trials: input.trials, populationSize: input.populationSize, generations: input.generations };
      const market = resolveMarket(input);
      const dataSource = input.dataSource ?? 'data';
      if (dataSource === 'synthetic' && !deps.allowSyntheticData) throw new ValidationError('dataSource "synthetic" is only available in test deployments.');
      const totalBars = await deps.candles(dataSource).count({ venue: market.venue, symbol: market.symbol, timeframe: market.timeframe, from: market.fromMs, to: market.toMs });
      if (totalBars === 0) throw new UserError('DATA_RANGE_EMPTY', `No ${market.timeframe} candles are stored for ${market.venue} ${market.symbol} in the range.`);
      const validation: Validation = input.validation ?? { kind: 'none' };
      let folds: number;
      try {
        folds = makeFolds(totalBars, validation).length;
      } catch (err) {
        throw new ValidationError(`validation: ${(err as Error).message}`);
      }
      const perFold = plannedTrials(space, plan);
      const total = perFold * folds + (validation.kind === 'none' ? 0 : folds);
      if (perFold > maxTrials) throw new ValidationError(`The search would run ${perFold} trials per window; the limit is ${maxTrials}. Narrow the space or use random or genetic search.`);
      const { fromMs, toMs, ...rest } = market;
      const spec: OptimisationSpec = {
        space, plan, objective: objectiveText, validation, market: { ...rest, from: fromMs, to: toMs }, dataSource, totalBars,
        trialsPerJob: deps.trialsPerJob ?? 25, keepTop: Math.min(input.keepTop ?? 50, 500),
      };
      const id = randomUUID();
      await deps.quotas.acquire(p, 'concurrentBacktests', id);
      try {
        await deps.quotas.consume(p, 'optimisationTrialsPerDay', total);
        await optimisationsRepo.insert(deps.db, { id, ownerId: p.userId, strategyId: input.strategyId, version: input.version, spec, requestId, tier: p.tier });
        await deps.queue.add('advance', { kind: 'advance', optimisationId: id, requestId }, { jobId: `${id}-adv-start`, attempts: deps.attempts, backoffMs: deps.backoffMs });
      } catch (err) {
        await deps.quotas.release(p, 'concurrentBacktests', id).catch(() => {});
        throw err;
      }
      return { id, status: 'queued' as const, plannedTrials: total, folds, bars: totalBars };
    },

    async get(p: Principal, id: string) {
      const o = await owned(p, id);
      const counts = await deps.db.query(
        `SELECT count(*)::int AS total, count(finished_at)::int AS finished FROM logic.optimisation_trials WHERE optimisation_id = $1`,
        [id],
      );
      const { spec, ...rest } = o;
      const s = spec as unknown as OptimisationSpec;
      return { ...rest, method: s.plan.method, objective: s.objective, validation: s.validation, progress: counts.rows[0] };
    },

    status: (p: Principal, id: string) => owned(p, id),

    list: async (p: Principal, limit = 50) =>
      (await optimisationsRepo.listOwned(deps.db, p.userId, Math.min(Math.max(limit, 1), 200))).map(({ spec: _spec, result: _result, ...r }) => r),

    async cancel(p: Principal, id: string) {
      const o = await owned(p, id);
      if (o.status !== 'queued' && o.status !== 'running') return { id, status: o.status, canceled: false };
      await deps.signals.requestCancel('optimisation', id);
      // Queued children see the flag when they start; the state is final now.
      if (await optimisationsRepo.finish(deps.db, id, 'canceled', undefined)) {
        await deps.quotas.release({ userId: o.ownerId, tier: o.tier as Tier }, 'concurrentBacktests', id).catch(() => {});
        await deps.signals.publish('optimisation', { type: 'state', id, status: 'canceled' });
      }
      return { id, status: 'canceled', canceled: true };
    },
  };
}

export type OptimisationsService = ReturnType<typeof createOptimisationsService>;
