import { withTransaction, type JobContext, type JobFlow, type JobQueue, type Logger, type Pool, type Quotas, type Tier } from '@strata/platform';
import { optimisationsRepo, type Cursor, type OptimisationRow, type Phase } from '../../adapters/optimisations.repository.ts';
import type { RunSignals } from '../../adapters/run-signals.ts';
import type { CandleSource } from '../candles.ts';
import { paramKey } from '../params.ts';
import { RunCanceled, type BacktestRunner } from '../runner.ts';
import type { StrategiesService } from '../strategies.service.ts';
import { buildResult, bestOf } from './optimisation-result.ts';
import { PHASES, type OptimisationSpec } from './optimisation-spec.ts';
import { nextBatch } from './search.ts';
import { createTrialBatchRunner } from './trial-batch.ts';
import { makeFolds } from './windows.ts';

/**
 * Jobs on the optimisation queue, payloads of ids and numbers only. Each search round is one BullMQ
 * flow: a parent `advance` job whose children are the round's `trials` batches.
 * - `advance` {optimisationId, after?}: the parent's state machine. It proposes the next round,
 *   stores its trials and adds the round's flow; it never waits, so it cannot starve workers. As a
 *   flow parent (`after` = the round it was waiting for) BullMQ runs it once every child finished.
 * - `trials` {optimisationId, fold, phase, round, batch}: runs one batch of a round's trials.
 * Deterministic job ids make re-adding a flow (a retried `advance`) a no-op.
 */
export type OptimisationJobData =
  | { kind: 'advance'; optimisationId: string; after?: Cursor; requestId?: string }
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
const SYSTEM_FAILURE = { code: 'INTERNAL', message: 'The optimisation failed for a system reason after retries.' };

export function advanceJobId(id: string, c: Cursor): string {
  return `${id}-adv-${c.fold}-${c.phase}-${c.round}`;
}

const sameCursor = (a: Cursor | undefined, b: Cursor) => !!a && a.fold === b.fold && a.phase === b.phase && a.round === b.round;

export function createOptimisationProcessor(deps: OptimisationProcessorDeps) {
  const { db, signals } = deps;
  const batches = createTrialBatchRunner(deps);

  async function end(o: OptimisationRow, status: 'completed' | 'failed' | 'canceled', result?: unknown, error?: unknown) {
    if (await optimisationsRepo.finish(db, o.id, status, result, error)) {
      await deps.quotas.release({ userId: o.ownerId, tier: o.tier as Tier }, 'concurrentBacktests', o.id).catch(() => {});
      await signals.publish('optimisation', { type: 'state', id: o.id, status, error }).catch(() => {});
    }
  }

  /** The round's flow: its batches as children of the `advance` that runs once they all finished. */
  async function addRoundFlow(o: OptimisationRow, spec: OptimisationSpec, c: Cursor, count: number) {
    const requestId = o.requestId ?? undefined;
    const opts = { attempts: deps.attempts, backoffMs: deps.backoffMs };
    const flow: JobFlow<OptimisationJobData> = {
      name: 'advance', data: { kind: 'advance', optimisationId: o.id, after: c, requestId }, opts: { ...opts, jobId: advanceJobId(o.id, c) },
      children: Array.from({ length: Math.ceil(count / spec.trialsPerJob) }, (_, b) => ({
        name: 'trials',
        data: { kind: 'trials' as const, optimisationId: o.id, fold: c.fold, phase: PHASES.indexOf(c.phase), round: c.round, batch: b, requestId },
        opts: { ...opts, jobId: `${o.id}-t-${c.fold}-${c.phase}-${c.round}-${b}` },
      })),
    };
    await deps.queue.addFlow(flow);
  }

  async function advance(o: OptimisationRow, after: Cursor | undefined): Promise<unknown> {
    const spec = o.spec as unknown as OptimisationSpec;
    const folds = makeFolds(spec.totalBars, spec.validation);
    let c: Cursor = { ...o.cursor };
    for (let guard = 0; guard < 10_000; guard++) {
      if (c.fold >= folds.length) return finalize(o, spec, folds);
      const fold = folds[c.fold]!;
      const counts = await optimisationsRepo.roundCounts(db, o.id, c.fold, c.phase, c.round);
      if (counts.total > 0) {
        if (counts.open > 0) {
          // Every child of this round's flow has finished, yet trials have no result: a batch
          // failed for good (its retries, or BullMQ's stalled-job limit, ran out).
          if (sameCursor(after, c)) {
            await end(o, 'failed', undefined, SYSTEM_FAILURE);
            return { failed: true, open: counts.open };
          }
          // A retried advance that had already added this round: re-adding the flow is a no-op.
          await optimisationsRepo.setCursor(db, o.id, c);
          await addRoundFlow(o, spec, c, counts.total);
          return { waiting: counts.open };
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
      await addRoundFlow(o, spec, c, proposals.length);
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
    const bars = await batches.bars(spec);
    const result = buildResult(all, folds, (i) => bars.time[Math.min(i, bars.time.length - 1)] ?? 0, spec.market.initialCash, spec.keepTop);
    await end(o, 'completed', result);
    return { completed: true };
  }

  async function runTrials(o: OptimisationRow, data: Extract<OptimisationJobData, { kind: 'trials' }>): Promise<unknown> {
    const spec = o.spec as unknown as OptimisationSpec;
    const phase = PHASES[data.phase] as Phase;
    const ran = await batches.run(o, spec, { fold: data.fold, phase, round: data.round, batch: data.batch });
    if (ran === null) {
      await end(o, 'failed', undefined, { code: 'NOT_FOUND', message: 'The strategy version no longer exists.' });
      return { failed: true };
    }
    if (ran > 0) {
      const { open } = await optimisationsRepo.roundCounts(db, o.id, data.fold, phase, data.round);
      await signals.publish('optimisation', { type: 'progress', id: o.id, fold: data.fold, phase, round: data.round, openInRound: open }).catch(() => {});
    }
    return { ran };
  }

  return async function processOptimisation(ctx: JobContext<OptimisationJobData>): Promise<unknown> {
    const o = await optimisationsRepo.get(db, ctx.data.optimisationId);
    if (!o || TERMINAL.has(o.status)) return { skipped: o?.status ?? 'missing' };
    try {
      if (await signals.isCancelRequested('optimisation', o.id)) throw new RunCanceled();
      return ctx.data.kind === 'advance' ? await advance(o, ctx.data.after) : await runTrials(o, ctx.data);
    } catch (err) {
      if (err instanceof RunCanceled) {
        await end(o, 'canceled');
        return { canceled: true };
      }
      deps.log.error({ err, optimisationId: o.id, job: ctx.data.kind }, 'optimisation job failed');
      if (ctx.attemptsMade + 1 >= deps.attempts) await end(o, 'failed', undefined, SYSTEM_FAILURE);
      throw err;
    }
  };
}
