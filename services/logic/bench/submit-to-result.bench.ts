/**
 * API submit → stored result for a 100,000-bar backtest (SMA 10/30 on stored one-minute candles):
 * POST /api/v1/logic/backtests through the real gateway, BullMQ, an in-process worker, the sandbox,
 * the engine report and the PostgreSQL write, until the `completed` event. Target: p50 <= 500 ms.
 *   npm exec -- node services/logic/bench/submit-to-result.bench.ts
 */
import { SMA_CROSS } from '../src/test-support/strategies.ts';
import { benchEnv, percentile } from './bench-env.ts';

const BARS = 100_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const { env, module, range } = await benchEnv(BARS);
const workers = await module.startWorkers!(env.deps);
try {
  const ctx = module.context();
  const headers = { authorization: `Bearer ${await env.tokenFor({ userId: 'bench', tier: 'enterprise' })}` };
  const sid = (await env.app.inject({ method: 'POST', url: '/api/v1/logic/strategies', headers, payload: { name: 'sma', source: SMA_CROSS } })).json().strategy.id;

  async function once(): Promise<{ total: number; submit: number }> {
    const t0 = performance.now();
    const res = await env.app.inject({ method: 'POST', url: '/api/v1/logic/backtests', headers, payload: { strategyId: sid, version: 1, ...range } });
    if (res.statusCode !== 202) throw new Error(res.body);
    const submit = performance.now() - t0;
    const id = res.json().id as string;
    await new Promise<void>((resolve, reject) => {
      let unlisten: (() => Promise<void>) | undefined;
      const finish = (status: string) => {
        void unlisten?.();
        if (status === 'completed') resolve();
        else reject(new Error(`backtest ${id} ended ${status}`));
      };
      void ctx.signals.listen('backtest', id, (e) => {
        if (e.type === 'state' && ['completed', 'failed', 'canceled'].includes(String(e.status))) finish(String(e.status));
      }).then(async (u) => {
        unlisten = u;
        const row = await env.deps.db.query(`SELECT status FROM logic.backtests WHERE id = $1`, [id]);
        if (['completed', 'failed', 'canceled'].includes(row.rows[0].status)) finish(row.rows[0].status);
      });
    });
    return { total: performance.now() - t0, submit };
  }

  for (let i = 0; i < 3; i++) await once(); // warm-up: sandbox worker, JIT, connections
  const samples: { total: number; submit: number }[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await once());
  const totals = samples.map((s) => s.total);
  const figures = {
    bars: BARS,
    runs: RUNS,
    p50Ms: Math.round(percentile(totals, 50)),
    p90Ms: Math.round(percentile(totals, 90)),
    minMs: Math.round(Math.min(...totals)),
    submitP50Ms: Math.round(percentile(samples.map((s) => s.submit), 50)),
  };
  console.log(`submit -> stored result, ${BARS} bars: p50 ${figures.p50Ms} ms, p90 ${figures.p90Ms} ms (HTTP submit p50 ${figures.submitP50Ms} ms)`);
  console.log(JSON.stringify({ name: 'logic.submit-to-result', figures, targets: { p50Ms: 500 } }));
} finally {
  await workers.close();
  await env.close();
}
