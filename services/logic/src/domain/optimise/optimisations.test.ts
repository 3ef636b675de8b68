import { beforeAll, describe, expect, it } from 'vitest';
import type { TestEnv } from '@strata/platform/testing';
import { auth, syntheticRange, waitFor } from '../../test-support/env.ts';
import { useLogicSuite } from '../../test-support/suite.ts';
import { SMA_CROSS } from '../../test-support/strategies.ts';
import { startWorkerProcess } from '../../test-support/worker-processes.ts';

// Two real worker processes share the trials of every optimisation.
const s = useLogicSuite({ userId: 'gina', tier: 'enterprise' });
let env: TestEnv;
let token: string;
let strategyId: string;
const base = '/api/v1/logic';

beforeAll(async () => {
  ({ env, token } = s);
  await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
  strategyId = (await env.app.inject({ method: 'POST', url: `${base}/strategies`, headers: auth(token), payload: { name: 'sma', source: SMA_CROSS } })).json().strategy.id;
});

async function optimise(body: Record<string, unknown>) {
  const res = await env.app.inject({ method: 'POST', url: `${base}/optimisations`, headers: auth(token), payload: { strategyId, version: 1, ...syntheticRange(2000), ...body } });
  expect(res.statusCode, res.body).toBe(202);
  const id = res.json().id as string;
  const done = await waitFor(async () => {
    const o = (await env.app.inject({ url: `${base}/optimisations/${id}`, headers: auth(token) })).json();
    return ['completed', 'failed', 'canceled'].includes(o.status) ? o : null;
  }, 50_000, 200);
  return { submitted: res.json(), done, id };
}

describe('optimisations', () => {
  it('grid search ranks every point, and both worker processes ran trials', async () => {
    const { submitted, done, id } = await optimise({ method: 'grid', space: { fast: { min: 4, max: 14, step: 2 }, slow: { min: 20, max: 60, step: 10 } }, objective: 'totalReturn' });
    expect(submitted.plannedTrials).toBe(30);
    expect(done.status).toBe('completed');
    expect(done.progress).toEqual({ total: 30, finished: 30 });
    const ranked = done.result.ranked as { rank: number; score: number; params: { fast: number; slow: number }; metrics: { totalReturn: number } }[];
    expect(ranked).toHaveLength(30);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(ranked[i]!.score);
    expect(ranked[0]!.score).toBe(ranked[0]!.metrics.totalReturn);
    expect(done.result.best).toEqual(ranked[0]!.params);
    const workers = await env.deps.db.query(`SELECT count(DISTINCT worker)::int AS n FROM logic.optimisation_trials WHERE optimisation_id = $1`, [id]);
    expect(workers.rows[0].n).toBe(2);
  });

  it("a trial's metrics are exactly those of a backtest with the same parameters", async () => {
    const { done } = await optimise({ method: 'grid', space: { fast: { values: [5, 10] }, slow: { values: [30, 45] } }, objective: 'sharpe' });
    expect(done.status).toBe('completed');
    const trial = (done.result.ranked as { params: { fast: number; slow: number }; metrics: Record<string, number> }[]).find((t) => t.params.fast === 10 && t.params.slow === 30)!;
    const bt = await env.app.inject({ method: 'POST', url: `${base}/backtests`, headers: auth(token), payload: { strategyId, version: 1, params: { fast: 10, slow: 30 }, ...syntheticRange(2000) } });
    expect(bt.statusCode, bt.body).toBe(202);
    const report = await waitFor(async () => {
      const b = (await env.app.inject({ url: `${base}/backtests/${bt.json().id}`, headers: auth(token) })).json();
      return b.status === 'completed' ? b : null;
    }, 30_000, 100);
    const numeric = Object.fromEntries(Object.entries(report.result.metrics as Record<string, unknown>).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
    expect(trial.metrics.numTrades).toBeGreaterThan(0);
    expect(Object.keys(numeric).length).toBeGreaterThan(20);
    expect(trial.metrics).toEqual(numeric);
  });

  it('genetic search with walk-forward: per-fold best, stitched out-of-sample equity and decay', async () => {
    const { done } = await optimise({
      method: 'genetic', populationSize: 6, generations: 3, seed: 11, objective: 'sharpe + totalReturn * 2',
      space: { fast: { min: 2, max: 20 }, slow: { min: 20, max: 80 } },
      validation: { kind: 'walkForward', folds: 2, inSampleFraction: 0.7 },
    });
    expect(done.status).toBe('completed');
    const r = done.result;
    expect(r.folds).toHaveLength(2);
    for (const f of r.folds) {
      expect(f.bestParams).toHaveProperty('fast');
      expect(f.outOfSample.bars).toBeGreaterThanOrEqual(50);
      expect(f.outOfSample.from).toBeGreaterThan(f.inSample.from);
    }
    expect(r.folds[1].inSample.from).toBeGreaterThan(r.folds[0].inSample.from);
    expect(r.outOfSample.equity.t.length).toBeGreaterThan(10);
    expect(r.outOfSample.equity.t[0]).toBe(r.folds[0].outOfSample.from);
    expect(r.outOfSample.equity.t).toEqual([...r.outOfSample.equity.t].sort((a: number, b: number) => a - b));
    expect(r.decay === null || typeof r.decay.meanEfficiency === 'number').toBe(true);
    expect(r.trials).toBeGreaterThan(6);
    expect(r.trials).toBeLessThanOrEqual(2 * 18);
  });

  it('random search with a train/test split tests the best in-sample parameters out of sample', async () => {
    const { done } = await optimise({ method: 'random', trials: 8, seed: 3, objective: 'calmar', validation: { kind: 'split', trainFraction: 0.6 } });
    expect(done.status).toBe('completed');
    const [fold] = done.result.folds;
    expect(fold.inSample.bars).toBe(1200);
    expect(fold.outOfSample.bars).toBe(800);
    expect(fold.bestParams).toEqual(done.result.ranked[0].params);
  });

  it('cancel stops an optimisation: no trial starts after it', async () => {
    const res = await env.app.inject({
      method: 'POST', url: `${base}/optimisations`, headers: auth(token),
      payload: { strategyId, version: 1, method: 'grid', space: { fast: { min: 2, max: 100 }, slow: { min: 20, max: 60, step: 10 } }, ...syntheticRange(2000) },
    });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id;
    const finishedCount = async () => (await env.deps.db.query(`SELECT count(finished_at)::int AS n FROM logic.optimisation_trials WHERE optimisation_id = $1`, [id])).rows[0].n as number;
    await waitFor(async () => (await finishedCount()) > 0, 20_000, 50);
    const c = await env.app.inject({ method: 'POST', url: `${base}/optimisations/${id}/cancel`, headers: auth(token) });
    expect(c.json()).toMatchObject({ status: 'canceled', canceled: true });
    await new Promise((r) => setTimeout(r, 1500));
    const after = await finishedCount();
    await new Promise((r) => setTimeout(r, 1000));
    expect(await finishedCount()).toBe(after);
    expect(after).toBeLessThan(495);
    const o = (await env.app.inject({ url: `${base}/optimisations/${id}`, headers: auth(token) })).json();
    expect(o.status).toBe('canceled');
  });

  it('refuses objectives that are not arithmetic over metrics', async () => {
    const res = await env.app.inject({
      method: 'POST', url: `${base}/optimisations`, headers: auth(token),
      payload: { strategyId, version: 1, method: 'grid', objective: 'process.exit(1)', ...syntheticRange(2000) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('OBJECTIVE_INVALID');
  });
});
