import { describe, expect, it } from 'vitest';
import { auth, syntheticRange, waitFor } from '../../test-support/env.ts';
import { useLogicSuite } from '../../test-support/suite.ts';
import { SMA_CROSS } from '../../test-support/strategies.ts';
import type { BacktestRunner } from '../runner.ts';

// The sandbox itself failing on every attempt (not the strategy: e.g. its workers cannot start):
// the trial batches fail for good, and the optimisation must end 'failed' with its quota lease
// released, instead of its flow's parent waiting forever for children that cannot finish.
let runs = 0;
const broken: BacktestRunner = {
  async run() { runs++; throw new Error('sandbox workers fail to start'); },
  async close() {},
};
// free tier: one run at a time, so the second submission proves the first released its slot
const s = useLogicSuite({ userId: 'ivan', tier: 'free' }, {
  extra: { LOGIC_JOB_ATTEMPTS: '2' },
  inProcessWorkers: true,
  // the real processors, queues, flows and database; only the sandbox is replaced by a failing one
  beforeWorkers: (m) => { m.context().runner = () => broken; },
});
const base = '/api/v1/logic';

describe('optimisation whose trial batches fail for good', () => {
  it('ends failed with a system error after the retries, and frees its concurrency slot', async () => {
    const { env, token } = s;
    const sid = (await env.app.inject({ method: 'POST', url: `${base}/strategies`, headers: auth(token), payload: { name: 'sma', source: SMA_CROSS } })).json().strategy.id;
    const submit = () => env.app.inject({
      method: 'POST', url: `${base}/optimisations`, headers: auth(token),
      payload: { strategyId: sid, version: 1, method: 'grid', space: { fast: { values: [5, 10] }, slow: { values: [30, 40] } }, objective: 'sharpe', ...syntheticRange(500) },
    });
    const res = await submit();
    expect(res.statusCode, res.body).toBe(202);
    const done = await waitFor(async () => {
      const o = (await env.app.inject({ url: `${base}/optimisations/${res.json().id}`, headers: auth(token) })).json();
      return ['completed', 'failed', 'canceled'].includes(o.status) ? o : null;
    }, 40_000, 200);
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'INTERNAL' });
    expect(runs).toBeGreaterThanOrEqual(2); // every batch was tried again before giving up
    // nothing is left "running", and the lease is back: a new optimisation is accepted
    const open = await env.deps.db.query(`SELECT count(*)::int AS n FROM logic.optimisations WHERE status IN ('queued', 'running')`);
    expect(open.rows[0].n).toBe(0);
    expect((await submit()).statusCode).toBe(202);
  });
});
