import { describe, expect, it } from 'vitest';
import { auth, syntheticRange, waitFor } from './test-support/env.ts';
import { useLogicSuite } from './test-support/suite.ts';
import { startWorkerProcess, stopWorkerProcess } from './test-support/worker-processes.ts';
import { SLOW } from './test-support/strategies.ts';

// Worker processes are real `worker.ts` processes on this test's database and Redis prefix.
const s = useLogicSuite({ userId: 'frank', tier: 'premium' });
const base = '/api/v1/logic';

describe('stalled-job recovery', () => {
  it('a worker killed mid-run has its job finished by another, stored exactly once', async () => {
    const { env, token } = s;
    const first = await startWorkerProcess(env);
    const sid = (await env.app.inject({ method: 'POST', url: `${base}/strategies`, headers: auth(token), payload: { name: 'slow', source: SLOW } })).json().strategy.id;
    const res = await env.app.inject({ method: 'POST', url: `${base}/backtests`, headers: auth(token), payload: { strategyId: sid, version: 1, params: { spin: 8000 }, ...syntheticRange(2000) } });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id;
    const get = async () => (await env.app.inject({ url: `${base}/backtests/${id}`, headers: auth(token) })).json();
    await waitFor(async () => (await get()).progress?.percent > 0, 20_000, 50);
    await stopWorkerProcess(first, 'SIGKILL');
    expect((await get()).status).toBe('running');

    const second = await startWorkerProcess(env);
    const done = await waitFor(async () => {
      const b = await get();
      return b.status === 'completed' || b.status === 'failed' ? b : null;
    }, 40_000, 200);
    expect(done.status).toBe('completed');
    expect(done.attempts).toBe(2);
    const rows = await env.deps.db.query(
      `SELECT (SELECT count(*)::int FROM logic.backtest_results WHERE backtest_id = $1) AS results, (SELECT bars FROM logic.backtest_results WHERE backtest_id = $1) AS bars`,
      [id],
    );
    expect(rows.rows[0]).toEqual({ results: 1, bars: 2000 });
    await stopWorkerProcess(second);
  });
});
