import { createHash } from 'node:crypto';
import type { Pool } from '@strata/platform';
import type { RiskLimits } from '@strata/engine';
import { optimisationsRepo, type OptimisationRow, type Phase, type TrialResult, type TrialRow } from '../../adapters/optimisations.repository.ts';
import type { RunSignals } from '../../adapters/run-signals.ts';
import { sliceBars, type CandleSource } from '../candles.ts';
import { downsample } from '../curves.ts';
import { isAuthorError, mapAuthorError, RunCanceled, type BacktestRunner, type RunSpec } from '../runner.ts';
import type { StrategiesService } from '../strategies.service.ts';
import { parseObjective } from './objective.ts';
import type { OptimisationSpec } from './optimisation-spec.ts';
import { barsId, TrialInputsCache, type BarsKey } from './trial-inputs.ts';
import { makeFolds } from './windows.ts';

/** Results are written in one statement per this much run time (and at the end of the batch). */
const FLUSH_EVERY_MS = 1_000;

export interface TrialBatchDeps {
  db: Pool;
  strategies: StrategiesService;
  candles: (source: 'data' | 'synthetic') => CandleSource;
  runner: BacktestRunner;
  signals: RunSignals;
}

export interface BatchRef {
  fold: number;
  phase: Phase;
  round: number;
  batch: number;
}

/** Numeric metrics only: trial rows stay small. */
export function numericMetrics(m: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

/**
 * The RunSpec of one trial: exactly what a backtest of the same parameters over the same bars
 * would run (so its metrics are that backtest's), minus the event log, which trials do not keep.
 */
export function trialRunSpec(spec: OptimisationSpec, source: string, params: RunSpec['params'], bars: RunSpec['bars'], datasetKey: string, reuseKey: string): RunSpec {
  return {
    source, params, bars, datasetKey, reuseKey, instrument: spec.market.instrument, timeframe: spec.market.timeframe, venue: spec.market.venueModel,
    risk: (spec.market.risk ?? undefined) as RiskLimits | undefined, initialCash: spec.market.initialCash, seed: spec.market.seed,
    chunks: 2, // trials report no progress; two chunks keep a cancel point mid-trial
    recordEvents: 'none', // metrics, trades and equity are unchanged; the event log is not kept
  };
}

/**
 * Runs the unfinished trials of one batch (a `trials` job) in sequence. Batches of one optimisation
 * share its source and bars through a per-process cache, and results are stored in bulk: per-trial
 * work on this side is the sandbox run, the engine report and a share of one UPDATE.
 */
export function createTrialBatchRunner(deps: TrialBatchDeps) {
  const { db, signals } = deps;
  const cache = new TrialInputsCache();
  const barsKeyOf = (spec: OptimisationSpec): BarsKey => ({ dataSource: spec.dataSource, venue: spec.market.venue, symbol: spec.market.symbol, timeframe: spec.market.timeframe, from: spec.market.from, to: spec.market.to });

  async function inputsFor(o: OptimisationRow, spec: OptimisationSpec) {
    const source = await cache.loadSource(o.strategyId, o.version, async () => (await deps.strategies.loadForRun(o.strategyId, o.version))?.source ?? null);
    if (source === null) return null;
    const key = barsKeyOf(spec);
    return { source, bars: await cache.loadBars(deps.candles, key), barsId: barsId(key) };
  }

  async function runOne(o: OptimisationRow, spec: OptimisationSpec, t: TrialRow, run: RunSpec, score: (m: Record<string, unknown>) => number): Promise<TrialResult> {
    const ref = { fold: t.fold, phase: t.phase, trialNo: t.trialNo };
    try {
      const outcome = await deps.runner.run(run, () => (signals.isCanceled('optimisation', o.id) ? false : undefined));
      const equity = t.phase === 'test' ? downsample(outcome.output.time, outcome.output.equity, 500) : undefined;
      return { ...ref, metrics: numericMetrics(outcome.metrics), score: score(outcome.metrics), equity };
    } catch (err) {
      if (!isAuthorError(err)) throw err;
      // One parameter set breaking the strategy does not end the optimisation; it ranks last.
      return { ...ref, metrics: null, score: null, error: mapAuthorError(err) };
    }
  }

  return {
    /** The optimisation's whole bar range (cached): the result maps window bounds to times with it. */
    bars: (spec: OptimisationSpec) => cache.loadBars(deps.candles, barsKeyOf(spec)),

    /** Returns how many trials ran, or null when the strategy version no longer exists. */
    async run(o: OptimisationRow, spec: OptimisationSpec, b: BatchRef): Promise<number | null> {
      const rows = await optimisationsRepo.batchTrials(db, o.id, b.fold, b.phase, b.round, b.batch * spec.trialsPerJob, spec.trialsPerJob);
      const todo = rows.filter((t) => !t.finished);
      if (todo.length === 0) return 0;
      const loaded = await inputsFor(o, spec);
      if (!loaded) return null;
      const fold = makeFolds(spec.totalBars, spec.validation)[b.fold]!;
      const w = b.phase === 'search' ? fold.inSample : fold.outOfSample!;
      const stop = Math.min(w.end, loaded.bars.time.length);
      const bars = sliceBars(loaded.bars, w.start, stop);
      // Every trial of this window runs on these exact bars: the sandbox packs them once and its
      // worker keeps them in memory across trials (and batches) instead of re-reading ~5 MB per trial.
      const datasetKey = `bars:${createHash('sha256').update(loaded.barsId).digest('hex').slice(0, 32)}:${w.start}-${stop}`;
      const objective = parseObjective(spec.objective);
      // One owner's one strategy version: its trials may run one after another in a warm isolate
      // (engine already JIT-compiled, bars already inside), which is most of a fresh trial's cost.
      const reuseKey = `${o.ownerId}:${o.strategyId}:${o.version}`;
      let pending: TrialResult[] = [];
      let flushedAt = performance.now();
      const flush = async () => {
        const out = pending;
        pending = [];
        flushedAt = performance.now();
        await optimisationsRepo.saveTrials(db, o.id, out);
      };
      for (const t of todo) {
        // The in-memory flag (kept from a Redis subscription): no round trip per trial.
        if (signals.isCanceled('optimisation', o.id)) throw new RunCanceled();
        pending.push(await runOne(o, spec, t, trialRunSpec(spec, loaded.source, t.params, bars, datasetKey, reuseKey), objective.evaluate));
        if (performance.now() - flushedAt >= FLUSH_EVERY_MS) await flush();
      }
      await flush();
      return todo.length;
    },
  };
}
