import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { auth, syntheticRange, waitFor } from '../../test-support/env.ts';
import { useLogicSuite } from '../../test-support/suite.ts';
import { SLOW } from '../../test-support/strategies.ts';
import { startWorkerProcess, stopWorkerProcess } from '../../test-support/worker-processes.ts';

// Real worker processes; a batch job whose worker is SIGKILLed is recovered by BullMQ's stalled-job
// check (2 s locks in tests) and finished by the other process.
const s = useLogicSuite({ userId: 'hana', tier: 'enterprise' });
const base = '/api/v1/logic';

describe('optimisation recovery', () => {
  it('a worker killed mid-batch: another finishes the round, each trial stored exactly once', async () => {
    const { env, token } = s;
    const first = await startWorkerProcess(env);
    const sid = (await env.app.inject({ method: 'POST', url: `${base}/strategies`, headers: auth(token), payload: { name: 'slow', source: SLOW } })).json().strategy.id;
    const res = await env.app.inject({
      method: 'POST', url: `${base}/optimisations`, headers: auth(token),
      payload: { strategyId: sid, version: 1, method: 'grid', space: { spin: { min: 30_000, max: 30_011, step: 1 } }, objective: 'totalReturn', ...syntheticRange(2000) },
    });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id as string;
    const counts = async () => (await env.deps.db.query(
      `SELECT count(*)::int AS total, count(finished_at)::int AS finished, count(*) FILTER (WHERE worker = $2)::int AS byFirst
       FROM logic.optimisation_trials WHERE optimisation_id = $1`,
      [id, `${hostname()}:${first.pid}`],
    )).rows[0] as { total: number; finished: number; byfirst: number };
    // The first batch (4 trials) is stored; the first worker is now inside the second one.
    await waitFor(async () => (await counts()).finished >= 4, 30_000, 20);
    await stopWorkerProcess(first, 'SIGKILL');
    const before = await counts();
    expect(before.finished).toBeLessThan(12);

    const second = await startWorkerProcess(env);
    const done = await waitFor(async () => {
      const o = (await env.app.inject({ url: `${base}/optimisations/${id}`, headers: auth(token) })).json();
      return ['completed', 'failed', 'canceled'].includes(o.status) ? o : null;
    }, 60_000, 200);
    expect(done.status).toBe('completed');
    const after = await counts();
    expect(after).toEqual({ total: 12, finished: 12, byfirst: before.byfirst });
    const stored = await env.deps.db.query(`SELECT params, metrics FROM logic.optimisation_trials WHERE optimisation_id = $1 ORDER BY trial_no`, [id]);
    expect(stored.rows.map((r) => r.params.spin)).toEqual(Array.from({ length: 12 }, (_, i) => 30_000 + i));
    for (const r of stored.rows) expect(r.metrics.bars).toBe(2000);
    expect(done.result.ranked).toHaveLength(12);
    await stopWorkerProcess(second);
  });
});
