import { createHash } from 'node:crypto';
import { withTransaction, type JobContext, type JobQueue, type Logger, type Pool, type Quotas, type Tier } from '@strata/platform';
import type { RiskLimits } from '@strata/engine';
import { optimisationsRepo, type Cursor, type OptimisationRow, type Phase, type TrialRow } from '../../adapters/optimisations.repository.ts';
import type { RunSignals } from '../../adapters/run-signals.ts';
import { sliceBars, type CandleSource } from '../candles.ts';
import { downsample } from '../curves.ts';
import { paramKey } from '../params.ts';
import { isAuthorError, mapAuthorError, RunCanceled, type BacktestRunner } from '../runner.ts';
import type { StrategiesService } from '../strategies.service.ts';
import { parseObjective } from './objective.ts';
import { buildResult, bestOf } from './optimisation-result.ts';
import { PHASES, type OptimisationSpec } from './optimisation-spec.ts';
import { nextBatch } from './search.ts';
import { makeFolds } from './windows.ts';
import { barsId, TrialInputsCache, type BarsKey } from './trial-inputs.ts';

/**
 * Jobs on the optimisation queue, payloads of ids and numbers only:
 * - `advance` {optimisationId}: the parent's state machine. It proposes the next round of trials,
 *   stores them, and fans them out as `trials` jobs; it never waits, so it cannot starve workers.
 * - `trials` {optimisationId, fold, phase, round, batch}: runs one batch of a round's trials.
 *   The batch that finishes a round queues the next `advance` (deterministic job ids make
 *   duplicates no-ops, so concurrent finishers and retries are safe).
 */
export type OptimisationJobData =
  | { kind: 'advance'; optimisationId: string; requestId?: string }
  | { kind: 'trials'; optimisationId: string; fold: number; phase: number; round: number; batch: number; requestId?: string };

export interface OptimisationProcessorDeps {
  db: Pool;
  log: Logger;
  queue: JobQueue<OptimisationJobData>;
  strategies: StrategiesService;
  candles: (source: 'data' | 'synthetic') => CandleSource;
  runner: BacktestRunner;
  signals: RunSignals;
  quotas: Quotas;
  attempts: number;
  backoffMs: number;
}

const TERMINAL = new Set(['completed', 'failed', 'canceled']);

export function advanceJobId(id: string, c: Cursor): string {
  return `${id}-adv-${c.fold}-${c.phase}-${c.round}`;
}

/** Numeric metrics only: trial rows stay small. */
function numericMetrics(m: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

export function createOptimisationProcessor(deps: OptimisationProcessorDeps) {
  const { db, signals } = deps;
  // Batches of one optimisation share its source and bars: loaded once per worker process.
  const cache = new TrialInputsCache();
  const barsKeyOf = (spec: OptimisationSpec): BarsKey => ({ dataSource: spec.dataSource, venue: spec.market.venue, symbol: spec.market.symbol, timeframe: spec.market.timeframe, from: spec.market.from, to: spec.market.to });

  async function inputsFor(o: OptimisationRow, spec: OptimisationSpec) {
    const source = await cache.loadSource(o.strategyId, o.version, async () => (await deps.strategies.loadForRun(o.strategyId, o.version))?.source ?? null);
    if (source === null) return null;
    const key = barsKeyOf(spec);
    return { source, bars: await cache.loadBars(deps.candles, key), barsId: barsId(key) };
  }

  async function end(o: OptimisationRow, status: 'completed' | 'failed' | 'canceled', result?: unknown, error?: unknown) {
    if (await optimisationsRepo.finish(db, o.id, status, result, error)) {
      await deps.quotas.release({ userId: o.ownerId, tier: o.tier as Tier }, 'concurrentBacktests', o.id).catch(() => {});
      await signals.publish('optimisation', { type: 'state', id: o.id, status, error }).catch(() => {});
    }
  }

  async function enqueueRound(o: OptimisationRow, spec: OptimisationSpec, c: Cursor, count: number) {
    const batches = Math.ceil(count / spec.trialsPerJob);
    for (let b = 0; b < batches; b++) {
      await deps.queue.add('trials', { kind: 'trials', optimisationId: o.id, fold: c.fold, phase: PHASES.indexOf(c.phase), round: c.round, batch: b, requestId: o.requestId ?? undefined }, {
        jobId: `${o.id}-t-${c.fold}-${c.phase}-${c.round}-${b}`, attempts: deps.attempts, backoffMs: deps.backoffMs,
      });
    }
  }

  async function advance(o: OptimisationRow): Promise<unknown> {
    const spec = o.spec as unknown as OptimisationSpec;
    const folds = makeFolds(spec.totalBars, spec.validation);
    let c: Cursor = { ...o.cursor };
    for (let guard = 0; guard < 10_000; guard++) {
      if (c.fold >= folds.length) return finalize(o, spec, folds);
      const fold = folds[c.fold]!;
      const round = await optimisationsRepo.trials(db, o.id, c.fold, c.phase, c.round);
      if (round.length > 0) {
        const open = round.filter((t) => !t.finished).length;
        if (open > 0) {
          await optimisationsRepo.setCursor(db, o.id, c);
          await enqueueRound(o, spec, c, round.length); // no-op for batches already queued
          return { waiting: open };
        }
        c = c.phase === 'search' ? { ...c, round: c.round + 1 } : { fold: c.fold + 1, phase: 'search', round: 0 };
        continue;
      }
      const history = (await optimisationsRepo.trials(db, o.id, c.fold, 'search')).filter((t) => t.finished);
      let proposals: Record<string, number | boolean | string>[] | null;
      if (c.phase === 'search') {
        const scored = history.map((t) => ({ params: t.params, score: t.score ?? -Infinity }));
        proposals = nextBatch(spec.space, { ...spec.plan, seed: spec.plan.seed + c.fold * 100_003 }, c.round, scored);
        if (proposals === null) {
          c = fold.outOfSample ? { ...c, phase: 'test', round: 0 } : { fold: c.fold + 1, phase: 'search', round: 0 };
          continue;
        }
        const known = new Set(history.map((t) => paramKey(t.params)));
        proposals = proposals.filter((p) => !known.has(paramKey(p)));
        if (proposals.length === 0) {
          c = { ...c, round: c.round + 1 };
          continue;
        }
      } else {
        const best = bestOf(history);
        if (!best) {
          c = { fold: c.fold + 1, phase: 'search', round: 0 };
          continue;
        }
        proposals = [best.params];
      }
      const cur = c;
      await withTransaction(db, (client) => optimisationsRepo.addTrials(client, o.id, cur.fold, cur.phase, cur.round, proposals!));
      await optimisationsRepo.setCursor(db, o.id, c);
      await enqueueRound(o, spec, c, proposals.length);
      await signals.publish('optimisation', { type: 'progress', id: o.id, fold: c.fold, phase: c.phase, round: c.round, trials: proposals.length }).catch(() => {});
      return { queued: proposals.length, cursor: c };
    }
    throw new Error('optimisation state machine did not settle');
  }

  async function finalize(o: OptimisationRow, spec: OptimisationSpec, folds: ReturnType<typeof makeFolds>) {
    const all = await optimisationsRepo.allTrials(db, o.id);
    const search = all.filter((t) => t.phase === 'search');
    if (search.length > 0 && search.every((t) => t.error)) {
      await end(o, 'failed', undefined, search[0]!.error);
      return { failed: true };
    }
    const bars = await cache.loadBars(deps.candles, barsKeyOf(spec));
    const result = buildResult(all, folds, (i) => bars.time[Math.min(i, bars.time.length - 1)] ?? 0, spec.market.initialCash, spec.keepTop);
    await end(o, 'completed', result);
    return { completed: true };
  }

  async function runTrials(o: OptimisationRow, data: Extract<OptimisationJobData, { kind: 'trials' }>): Promise<unknown> {
    const spec = o.spec as unknown as OptimisationSpec;
    const phase = PHASES[data.phase] as Phase;
    const inRound = await optimisationsRepo.trials(db, o.id, data.fold, phase, data.round);
    const batch = inRound.slice(data.batch * spec.trialsPerJob, (data.batch + 1) * spec.trialsPerJob).filter((t) => !t.finished);
    if (batch.length > 0) {
      const loaded = await inputsFor(o, spec);
      if (!loaded) {
        await end(o, 'failed', undefined, { code: 'NOT_FOUND', message: 'The strategy version no longer exists.' });
        return { failed: true };
      }
      const all = loaded.bars;
      const fold = makeFolds(spec.totalBars, spec.validation)[data.fold]!;
      const w = phase === 'search' ? fold.inSample : fold.outOfSample!;
      const stop = Math.min(w.end, all.time.length);
      const bars = sliceBars(all, w.start, stop);
      // Every trial of this window runs on these exact bars: the sandbox packs them once and its
      // worker keeps them in memory across trials (and batches) instead of re-reading ~5 MB per trial.
      const datasetKey = `bars:${createHash('sha256').update(loaded.barsId).digest('hex').slice(0, 32)}:${w.start}-${stop}`;
      const objective = parseObjective(spec.objective);
      for (const t of batch) {
        if (await signals.isCancelRequested('optimisation', o.id)) throw new RunCanceled();
        await runOne(o, t, loaded.source, bars, datasetKey, spec, objective.evaluate);
      }
    }
    const open = await optimisationsRepo.unfinishedInRound(db, o.id, data.fold, phase, data.round);
    await signals.publish('optimisation', { type: 'progress', id: o.id, fold: data.fold, phase, round: data.round, openInRound: open }).catch(() => {});
    if (open === 0) {
      const c: Cursor = { fold: data.fold, phase, round: data.round };
      await deps.queue.add('advance', { kind: 'advance', optimisationId: o.id, requestId: o.requestId ?? undefined }, { jobId: advanceJobId(o.id, c), attempts: deps.attempts, backoffMs: deps.backoffMs });
    }
    return { ran: batch.length };
  }

  async function runOne(o: OptimisationRow, t: TrialRow, source: string, bars: ReturnType<typeof sliceBars>, datasetKey: string, spec: OptimisationSpec, score: (m: Record<string, unknown>) => number) {
    try {
      const outcome = await deps.runner.run(
        {
          source, params: t.params, bars, datasetKey, instrument: spec.market.instrument, timeframe: spec.market.timeframe, venue: spec.market.venueModel,
          risk: (spec.market.risk ?? undefined) as RiskLimits | undefined, initialCash: spec.market.initialCash, seed: spec.market.seed,
          chunks: 2, // trials report no progress; two chunks keep a cancel point mid-trial
          recordEvents: 'none', // metrics, trades and equity are unchanged; the event log is not kept
        },
        () => (signals.isCanceled('optimisation', o.id) ? false : undefined),
      );
      const metrics = numericMetrics(outcome.metrics);
      const equity = t.phase === 'test' ? downsample(outcome.output.time, outcome.output.equity, 500) : undefined;
      await optimisationsRepo.saveTrial(db, o.id, { fold: t.fold, phase: t.phase, trialNo: t.trialNo, metrics, score: score(outcome.metrics), equity });
    } catch (err) {
      if (!isAuthorError(err)) throw err;
      // One parameter set breaking the strategy does not end the optimisation; it ranks last.
      await optimisationsRepo.saveTrial(db, o.id, { fold: t.fold, phase: t.phase, trialNo: t.trialNo, metrics: null, score: null, error: mapAuthorError(err) });
    }
  }

  return async function processOptimisation(ctx: JobContext<OptimisationJobData>): Promise<unknown> {
    const o = await optimisationsRepo.get(db, ctx.data.optimisationId);
    if (!o || TERMINAL.has(o.status)) return { skipped: o?.status ?? 'missing' };
    try {
      if (await signals.isCancelRequested('optimisation', o.id)) throw new RunCanceled();
      return ctx.data.kind === 'advance' ? await advance(o) : await runTrials(o, ctx.data);
    } catch (err) {
      if (err instanceof RunCanceled) {
        await end(o, 'canceled');
        return { canceled: true };
      }
      deps.log.error({ err, optimisationId: o.id, job: ctx.data.kind }, 'optimisation job failed');
      if (ctx.attemptsMade + 1 >= deps.attempts) await end(o, 'failed', undefined, { code: 'INTERNAL', message: 'The optimisation failed for a system reason after retries.' });
      throw err;
    }
  };
}
